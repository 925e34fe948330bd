#!/usr/bin/env node
'use strict';
// Runs asl-validator (npm, version pinned in .ci/package.json) over statemachine/*.asl.json, on
// the definition Step Functions will receive: each ${Name} placeholder replaced as SAM's
// DefinitionSubstitutions in template.yaml would replace it (alias ARNs by sample ARNs of the
// same shape, parameters by their defaults). Before that it checks that every placeholder has a
// substitution, and that the workflow is in the JSONata query language (DESIGN §3).
// Usage: node .ci/validate-asl.js [template.yaml]   (run from the repository root)
// Exit 0 valid, 1 invalid or no definition found, 2 could not run.
const fs = require('fs');
const path = require('path');
const aslValidator = require('asl-validator');
const { loadTemplate } = require('./lib/cfn-yaml');

const templatePath = process.argv[2] || 'template.yaml';
const definitionDir = 'statemachine';
const aslVersion = require('asl-validator/package.json').version;

// A value of the same shape as the one CloudFormation will put in place of a placeholder.
function sampleValue(value, template) {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = value && value.Ref;
  if (typeof ref === 'string') {
    const resources = template.Resources || {};
    const parameters = template.Parameters || {};
    const [id, attr] = ref.split('.');
    if (attr === 'Alias' && id in resources) {
      return `arn:aws:lambda:us-east-1:123456789012:function:ecstatic-${id}:live`;
    }
    if (id in resources) {
      const type = resources[id].Type || '';
      if (type === 'AWS::Serverless::Function') return `ecstatic-${id}`;
      return `arn:aws:${type.split('::')[1] ? type.split('::')[1].toLowerCase() : 'x'}:us-east-1:123456789012:${id}`;
    }
    if (id in parameters) {
      if (!('Default' in parameters[id])) throw new Error(`parameter ${id} has no Default to stand for it`);
      return String(parameters[id].Default);
    }
    if (ref === 'AWS::Region') return 'us-east-1';
    if (ref === 'AWS::AccountId') return '123456789012';
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::StackName') return 'ecstatic';
  }
  // A mapping value, looked up with the keys' own sample values (a parameter stands for its default).
  const findInMap = value && value['Fn::FindInMap'];
  if (Array.isArray(findInMap) && findInMap.length === 3) {
    const [map, top, second] = findInMap.map((k) => (typeof k === 'string' ? k : sampleValue(k, template)));
    const row = ((template.Mappings || {})[map] || {})[top];
    if (!row || !(second in row)) throw new Error(`Fn::FindInMap [${map}, ${top}, ${second}] names no value in Mappings`);
    return String(row[second]);
  }
  const getAtt = value && value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') {
    return `arn:aws:lambda:us-east-1:123456789012:function:ecstatic-${getAtt[0]}`;
  }
  return 'substituted-value';
}

function substitutionsFor(file, template) {
  const rel = path.posix.join(definitionDir, path.basename(file));
  for (const [id, r] of Object.entries(template.Resources || {})) {
    if (r && r.Type === 'AWS::Serverless::StateMachine' && r.Properties && r.Properties.DefinitionUri === rel) {
      return { id, substitutions: r.Properties.DefinitionSubstitutions || {} };
    }
  }
  return null;
}

function validateFile(file, template) {
  const problems = [];
  const text = fs.readFileSync(file, 'utf8');
  const owner = template ? substitutionsFor(file, template) : null;
  const placeholders = [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_.:-]+)\}/g)].map((m) => m[1]))];
  let substituted = text;
  if (!owner) {
    console.log(`  ${file}: no AWS::Serverless::StateMachine in ${templatePath} has this DefinitionUri; validating it as written`);
  } else {
    const keys = Object.keys(owner.substitutions);
    for (const p of placeholders) {
      if (!keys.includes(p)) problems.push(`placeholder \${${p}} has no DefinitionSubstitutions entry in ${owner.id}`);
    }
    const unused = keys.filter((k) => !placeholders.includes(k));
    if (unused.length) console.log(`  ${file}: note: substitutions not used by the definition: ${unused.join(', ')}`);
    for (const key of keys) {
      const value = sampleValue(owner.substitutions[key], template);
      substituted = substituted.split(`\${${key}}`).join(value);
    }
    console.log(`  ${file}: ${placeholders.length} placeholders, substituted as ${owner.id}'s DefinitionSubstitutions would`);
  }
  let definition;
  try {
    definition = JSON.parse(substituted);
  } catch (e) {
    problems.push(`not valid JSON${owner ? ' after substitution' : ''}: ${e.message}`);
    return problems;
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    problems.push('not a state machine (a JSON object)');
    return problems;
  }
  if (definition.QueryLanguage !== 'JSONata') {
    problems.push(`top-level QueryLanguage is ${JSON.stringify(definition.QueryLanguage)}, DESIGN §3 requires "JSONata"`);
  }
  const result = aslValidator(definition, { checkPaths: true, checkArn: true });
  if (!result.isValid) {
    for (const e of result.errors) problems.push(`asl-validator: ${e['Error code']}: ${e.Message}`);
  }
  return problems;
}

function main() {
  const started = Date.now();
  const files = fs.existsSync(definitionDir)
    ? fs.readdirSync(definitionDir).filter((f) => f.endsWith('.asl.json')).sort().map((f) => path.posix.join(definitionDir, f))
    : [];
  if (files.length === 0) {
    console.log(`✕ asl check: ${definitionDir}/*.asl.json matches no file: there is no state machine to validate`);
    process.exit(1);
  }
  let template = null;
  if (fs.existsSync(templatePath)) template = loadTemplate(templatePath);
  else console.log(`  ${templatePath} is absent: definitions are validated as written, placeholders unchecked`);
  console.log(`asl check: asl-validator ${aslVersion} on ${files.join(', ')}`);
  let failed = 0;
  for (const file of files) {
    const problems = validateFile(file, template);
    if (problems.length) {
      failed++;
      console.log(`✕ ${file} is invalid:`);
      for (const p of problems) console.log(`  - ${p}`);
    } else {
      console.log(`✓ ${file} is valid`);
    }
  }
  console.log(`asl check: ${files.length - failed} valid, ${failed} invalid (${Date.now() - started} ms)`);
  process.exit(failed ? 1 : 0);
}

try {
  main();
} catch (e) {
  console.log(`✕ asl check could not run: ${e.stack || e}`);
  process.exit(2);
}
