#!/usr/bin/env node
'use strict';
// Checks template.yaml without AWS credentials or the SAM CLI:
//  1. against AWS SAM's published JSON schema (draft-04; a copy in .ci/schemas/, provenance in its
//     README);
//  2. against .ci/template-rules.schema.json: the CloudFormation properties that SAM's schema
//     passes through untyped ({}), Parameters and Outputs;
//  3. references: every Ref / GetAtt / Sub variable / condition names something that exists,
//     parameter defaults satisfy their own constraints, Environment.Variables hold only literals
//     or a Ref to a parameter (the local CLI resolves them from this file), descriptions built
//     from parameters fit Lambda's 256 characters whatever values the parameters allow.
// Usage: node .ci/validate-template.js [template.yaml] [sam.schema.json]
// Exit 0 valid, 1 invalid, 2 could not run.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const Ajv04 = require('ajv-draft-04');
const { loadTemplate, isIntrinsic } = require('./lib/cfn-yaml');

const templatePath = process.argv[2] || 'template.yaml';
const samSchemaPath = process.argv[3] || path.join(__dirname, 'schemas', 'sam.schema.json');
const rulesSchemaPath = path.join(__dirname, 'template-rules.schema.json');

const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

function formatAjvError(e, prefix = '') {
  const at = prefix + (e.instancePath || '') || '/';
  let msg = e.message;
  if (e.keyword === 'type' && e.types) msg = `must be ${e.types.join(' or ')}, not ${JSON.stringify(e.data)}`;
  if (e.params && e.params.additionalProperty) msg += ` (unknown property "${e.params.additionalProperty}")`;
  if (e.params && e.params.allowedValues) msg += ` (allowed: ${e.params.allowedValues.join(', ')})`;
  return `${at}: ${msg}`;
}

// Ajv reports every branch of an anyOf; keep the deepest errors, which name the real mistake.
function deepestErrors(errors) {
  const concrete = errors.filter((e) => !['anyOf', 'oneOf', 'if', 'allOf'].includes(e.keyword));
  const list = concrete.length ? concrete : errors;
  const depth = (e) => (e.instancePath.match(/\//g) || []).length;
  const byPath = new Map();
  for (const e of list) {
    const key = e.instancePath;
    const seen = byPath.get(key) || [];
    seen.push(e);
    byPath.set(key, seen);
  }
  // Drop errors on a path when a deeper error exists below it.
  const paths = [...byPath.keys()];
  const out = [];
  for (const p of paths) {
    if (paths.some((q) => q !== p && q.startsWith(p + '/'))) continue;
    const errs = byPath.get(p);
    // Within one path, type mismatches of the other anyOf branches are noise next to a real
    // error; when they are all there is, say once which types would do.
    const specific = errs.filter((e) => e.keyword !== 'type');
    if (specific.length) out.push(...specific);
    else out.push({ ...errs[0], types: [...new Set(errs.map((e) => e.params.type))] });
  }
  const unique = new Map(out.map((e) => [formatAjvError(e), e]));
  return [...unique.values()].sort((a, b) => depth(a) - depth(b));
}

function checkSamSchema(template) {
  if (!fs.existsSync(samSchemaPath)) {
    problem('SAM schema', `${samSchemaPath} is absent (the repository keeps a copy in .ci/schemas/)`);
    return;
  }
  const schema = JSON.parse(fs.readFileSync(samSchemaPath, 'utf8'));
  // strict: false: the schema carries SAM's own annotation keywords (markdownDescription, __samPassThrough).
  const ajv = new Ajv04({ allErrors: true, strict: false, verbose: true });
  ajv.addSchema(schema, 'sam');
  const validate = ajv.getSchema('sam');
  if (validate(template)) {
    console.log(`  SAM schema: valid against ${samSchemaPath}`);
    return;
  }
  // Resources is an anyOf over every resource type: validate each resource against the
  // definition of its own type instead, so the message names the mistake.
  const resourceDefs = {};
  for (const [name, def] of Object.entries(schema.definitions)) {
    const t = def.properties && def.properties.Type;
    if (name.endsWith('__Resource') && t && Array.isArray(t.enum)) resourceDefs[t.enum[0]] = name;
  }
  const before = problems.length;
  for (const e of deepestErrors(validate.errors.filter((x) => !x.instancePath.startsWith('/Resources/')))) {
    problem('SAM schema', formatAjvError(e));
  }
  for (const [id, resource] of Object.entries(template.Resources || {})) {
    const type = resource && resource.Type;
    if (typeof type !== 'string' || !type.startsWith('AWS::Serverless::')) continue;
    const def = resourceDefs[type];
    if (!def) {
      problem('SAM schema', `/Resources/${id}/Type: unknown SAM resource type ${type}`);
      continue;
    }
    const v = ajv.getSchema(`sam#/definitions/${def}`);
    if (v(resource)) continue;
    // Events are an anyOf over event types too: check each event against its own type.
    const eventDefs = {};
    const prefix = def.slice(0, -'Resource'.length);
    for (const [name, d] of Object.entries(schema.definitions)) {
      const t = d.properties && d.properties.Type;
      if (name.startsWith(prefix) && name.endsWith('Event') && t && Array.isArray(t.enum)) eventDefs[t.enum[0]] = name;
    }
    const eventsAt = `/Properties/Events/`;
    for (const e of deepestErrors(v.errors.filter((x) => !x.instancePath.startsWith(eventsAt)))) {
      problem('SAM schema', formatAjvError(e, `/Resources/${id}`));
    }
    const events = (resource.Properties && resource.Properties.Events) || {};
    for (const [name, event] of Object.entries(typeof events === 'object' ? events : {})) {
      const where = `/Resources/${id}${eventsAt}${name}`;
      const eventDef = event && eventDefs[event.Type];
      if (!eventDef) {
        problem('SAM schema', `${where}/Type: ${JSON.stringify(event && event.Type)} is not an event type of ${type} (allowed: ${Object.keys(eventDefs).join(', ')})`);
        continue;
      }
      const ev = ajv.getSchema(`sam#/definitions/${eventDef}`);
      if (!ev(event)) for (const e of deepestErrors(ev.errors)) problem('SAM schema', formatAjvError(e, where));
    }
  }
  if (problems.length === before) {
    for (const e of deepestErrors(validate.errors)) problem('SAM schema', formatAjvError(e));
  }
}

function checkRules(template) {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(rulesSchemaPath, 'utf8')));
  if (!validate(template)) {
    for (const e of deepestErrors(validate.errors)) problem('template rules', formatAjvError(e));
  }
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

function checkReferences(template) {
  const parameters = template.Parameters || {};
  const resources = template.Resources || {};
  const conditions = template.Conditions || {};
  const globalsFn = (template.Globals && template.Globals.Function) || {};
  // Names SAM lets a template reference besides the declared resources: <Function>.Alias and
  // <Function>.Version (AutoPublishAlias), and the generated <Resource>Role.
  const samNames = new Set();
  for (const [id, r] of Object.entries(resources)) {
    if (!r || typeof r.Type !== 'string' || !r.Type.startsWith('AWS::Serverless::')) continue;
    samNames.add(`${id}Role`);
    const props = r.Properties || {};
    if (r.Type === 'AWS::Serverless::Function' && (props.AutoPublishAlias || globalsFn.AutoPublishAlias)) {
      samNames.add(`${id}.Alias`);
      samNames.add(`${id}.Version`);
    }
  }
  const known = (name) => name in parameters || name in resources || PSEUDO.has(name) || samNames.has(name);
  const mappings = template.Mappings || {};

  // Every key a lookup can meet must be in the map: a literal key, or each AllowedValue of a
  // parameter the key refers to (a parameter without AllowedValues could take a value no row has).
  function checkFindInMap(arg, where) {
    if (!Array.isArray(arg) || arg.length !== 3) {
      problem(where, 'FindInMap takes [map, top-level key, second-level key]');
      return;
    }
    const [map, top, second] = arg;
    if (typeof map !== 'string' || !(map in mappings)) {
      problem(where, `FindInMap of unknown mapping ${JSON.stringify(map)}`);
      return;
    }
    let keys;
    if (typeof top === 'string') keys = [top];
    else if (top && typeof top.Ref === 'string' && parameters[top.Ref]) {
      const p = parameters[top.Ref];
      if (!Array.isArray(p.AllowedValues)) {
        problem(where, `FindInMap keyed by parameter ${top.Ref}, which has no AllowedValues: a value without a row would fail the deploy`);
        return;
      }
      keys = p.AllowedValues.map(String);
    } else return;
    for (const key of keys) {
      const row = mappings[map][key];
      if (!row) problem(where, `mapping ${map} has no row "${key}"`);
      else if (typeof second === 'string' && !(second in row)) problem(where, `mapping ${map} row "${key}" has no ${second}`);
    }
  }

  function walk(node, where) {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${where}/${i}`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (isIntrinsic(node)) {
      const [fn] = Object.keys(node);
      const arg = node[fn];
      if (fn === 'Ref') {
        if (typeof arg !== 'string') problem(where, 'Ref takes a name');
        else if (!known(arg)) problem(where, `Ref to unknown parameter or resource "${arg}"`);
      } else if (fn === 'Fn::GetAtt') {
        if (!Array.isArray(arg) || arg.length !== 2) problem(where, 'GetAtt takes Resource.Attribute');
        else if (!(arg[0] in resources) && !samNames.has(arg[0])) problem(where, `GetAtt of unknown resource "${arg[0]}"`);
      } else if (fn === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        if (typeof text !== 'string') problem(where, 'Sub takes a string');
        else {
          for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
            const name = m[1].trim();
            if (vars && name in vars) continue;
            const base = name.includes('.') && !known(name) ? name.slice(0, name.indexOf('.')) : name;
            if (!known(base)) problem(where, `Sub variable \${${name}} names no parameter, resource or pseudo parameter`);
          }
        }
        if (vars && typeof vars === 'object') walk(vars, `${where}/Fn::Sub/1`);
        return;
      } else if (fn === 'Fn::If') {
        if (!Array.isArray(arg) || arg.length !== 3) problem(where, 'If takes [condition, then, else]');
        else if (!(arg[0] in conditions)) problem(where, `If on unknown condition "${arg[0]}"`);
      } else if (fn === 'Condition') {
        if (typeof arg === 'string' && !(arg in conditions)) problem(where, `unknown condition "${arg}"`);
      } else if (fn === 'Fn::FindInMap') {
        checkFindInMap(arg, where);
      } else if (fn === 'Fn::Equals' && (!Array.isArray(arg) || arg.length !== 2)) {
        problem(where, 'Equals takes two values');
      } else if (fn === 'Fn::Not' && (!Array.isArray(arg) || arg.length !== 1)) {
        problem(where, 'Not takes a list of one condition');
      }
      walk(arg, `${where}/${fn}`);
      return;
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
  }

  for (const section of ['Rules', 'Conditions', 'Globals', 'Resources', 'Outputs']) {
    if (template[section]) walk(template[section], `/${section}`);
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r && typeof r.Condition === 'string' && !(r.Condition in conditions)) {
      problem(`/Resources/${id}/Condition`, `unknown condition "${r.Condition}"`);
    }
  }
  for (const [id, o] of Object.entries(template.Outputs || {})) {
    if (o && typeof o.Condition === 'string' && !(o.Condition in conditions)) {
      problem(`/Outputs/${id}/Condition`, `unknown condition "${o.Condition}"`);
    }
  }

  // The local CLI maps each environment variable to a literal, a parameter's default, or the name of
  // a bucket of the template (it creates the stack's buckets in the simulator).
  const isBucket = (ref) => resources[ref] && resources[ref].Type === 'AWS::S3::Bucket';
  const envs = [['/Globals/Function', globalsFn]];
  for (const [id, r] of Object.entries(resources)) {
    if (r && r.Type === 'AWS::Serverless::Function') envs.push([`/Resources/${id}/Properties`, r.Properties || {}]);
  }
  for (const [where, props] of envs) {
    const vars = (props.Environment && props.Environment.Variables) || {};
    for (const [name, value] of Object.entries(vars)) {
      const pseudo = ['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName'].includes(value && value.Ref);
      if (value && typeof value === 'object' && !(value.Ref in parameters) && !isBucket(value.Ref) && !pseudo) {
        problem(`${where}/Environment/Variables/${name}`, 'must be a literal, a Ref to a template parameter, to a pseudo parameter or to a bucket');
      }
    }
  }
}

function checkParameterDefaults(template) {
  for (const [name, p] of Object.entries(template.Parameters || {})) {
    if (!p || !('Default' in p)) continue;
    const where = `/Parameters/${name}/Default`;
    const value = p.Default;
    const text = String(value);
    if (p.Type === 'Number' && !(text.trim() !== '' && Number.isFinite(Number(text)))) {
      problem(where, `"${text}" is not a number`);
      continue;
    }
    if (p.AllowedValues && !p.AllowedValues.map(String).includes(text)) {
      problem(where, `"${text}" is not one of AllowedValues`);
    }
    // CloudFormation matches AllowedPattern against the whole value.
    if (p.AllowedPattern && p.Type === 'String' && !new RegExp(`^(?:${p.AllowedPattern})$`).test(text)) {
      problem(where, `"${text}" does not match AllowedPattern ${p.AllowedPattern}`);
    }
    if (p.Type === 'Number') {
      if (p.MinValue !== undefined && Number(text) < p.MinValue) problem(where, `${text} < MinValue ${p.MinValue}`);
      if (p.MaxValue !== undefined && Number(text) > p.MaxValue) problem(where, `${text} > MaxValue ${p.MaxValue}`);
    }
    if (p.MinLength !== undefined && text.length < p.MinLength) problem(where, `shorter than MinLength ${p.MinLength}`);
    if (p.MaxLength !== undefined && text.length > p.MaxLength) problem(where, `longer than MaxLength ${p.MaxLength}`);
  }
}

// Worst-case length of a string built from parameters: the longest value each parameter allows.
function maxLength(value, parameters) {
  if (typeof value === 'string') return value.length;
  if (value && typeof value.Ref === 'string') return maxParameterLength(value.Ref, parameters);
  const ifArgs = value && value['Fn::If'];
  if (Array.isArray(ifArgs)) return Math.max(maxLength(ifArgs[1], parameters), maxLength(ifArgs[2], parameters));
  const sub = value && value['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? sub : [sub, {}];
    let total = 0;
    let rest = text;
    for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
      rest = rest.replace(m[0], '');
      total += m[1] in (vars || {}) ? maxLength(vars[m[1]], parameters) : maxParameterLength(m[1], parameters);
    }
    return total + rest.length;
  }
  return Infinity;
}

function maxParameterLength(name, parameters) {
  const p = parameters[name];
  if (!p) return Infinity;
  if (p.AllowedValues) return Math.max(...p.AllowedValues.map((v) => String(v).length));
  if (p.MaxLength !== undefined) return p.MaxLength;
  if (p.Type === 'Number' && p.MaxValue !== undefined) {
    return Math.max(String(p.MaxValue).length, p.MinValue !== undefined ? String(p.MinValue).length : 0);
  }
  return Infinity;
}

// Lambda limits a version's and a function's description to 256 characters; a text built from
// parameters must fit whatever values they allow, or a deploy with long values fails.
function checkDescriptionLengths(template) {
  const parameters = template.Parameters || {};
  for (const [id, r] of Object.entries(template.Resources || {})) {
    if (!r || r.Type !== 'AWS::Serverless::Function') continue;
    for (const prop of ['Description', 'VersionDescription']) {
      const value = r.Properties && r.Properties[prop];
      if (value === undefined || typeof value === 'string') continue;
      const n = maxLength(value, parameters);
      if (n > 256) {
        problem(`/Resources/${id}/Properties/${prop}`, n === Infinity
          ? 'built from a value of unbounded length (give the parameter a MaxLength or AllowedValues)'
          : `may reach ${n} characters with the longest parameter values; Lambda allows 256`);
      }
    }
  }
}

function main() {
  const started = Date.now();
  let template;
  try {
    template = loadTemplate(templatePath);
  } catch (e) {
    console.log(`✕ ${e.message}`);
    process.exit(1);
  }
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    console.log(`✕ ${templatePath}: not a template (a YAML mapping)`);
    process.exit(1);
  }
  console.log(`template check: ${templatePath}`);
  checkSamSchema(template);
  checkRules(template);
  checkReferences(template);
  checkParameterDefaults(template);
  checkDescriptionLengths(template);
  const ms = Date.now() - started;
  if (problems.length) {
    console.log(`✕ ${templatePath} is invalid (${problems.length} problem${problems.length > 1 ? 's' : ''}, ${ms} ms):`);
    for (const p of problems) console.log(`  - ${p}`);
    process.exit(1);
  }
  const r = template.Resources || {};
  console.log(`✓ ${templatePath} is valid: ${Object.keys(template.Parameters || {}).length} parameters, ` +
    `${Object.keys(r).length} resources, ${Object.keys(template.Outputs || {}).length} outputs (${ms} ms)`);
}

try {
  main();
} catch (e) {
  console.log(`✕ template check could not run: ${e.stack || e}`);
  process.exit(2);
}
