'use strict';
// Reads a CloudFormation / SAM template: YAML with the short-form intrinsic tags (!Ref, !Sub, ...)
// turned into their long forms ({"Ref": ...}, {"Fn::Sub": ...}), as CloudFormation reads them.
const fs = require('fs');
const yaml = require('js-yaml');

// tag -> long-form key; every tag may be written on a scalar, a sequence or a mapping.
const TAGS = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Join: 'Fn::Join',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  Transform: 'Fn::Transform',
};

function construct(tag, key, kind) {
  return new yaml.Type('!' + tag, {
    kind,
    construct(data) {
      // !GetAtt Resource.Attribute is the scalar form of ["Resource", "Attribute"].
      if (tag === 'GetAtt' && kind === 'scalar') {
        const dot = data.indexOf('.');
        return { [key]: dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
      }
      return { [key]: data === null ? (kind === 'scalar' ? '' : data) : data };
    },
  });
}

const types = [];
for (const [tag, key] of Object.entries(TAGS)) {
  for (const kind of ['scalar', 'sequence', 'mapping']) types.push(construct(tag, key, kind));
}
const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(types);

function loadTemplate(path) {
  const text = fs.readFileSync(path, 'utf8');
  try {
    return yaml.load(text, { schema: CFN_SCHEMA, filename: path });
  } catch (e) {
    const err = new Error(`${path}: not readable as a CloudFormation YAML template: ${e.message}`);
    err.cause = e;
    throw err;
  }
}

function isIntrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

module.exports = { loadTemplate, isIntrinsic, CFN_SCHEMA, TAGS };
