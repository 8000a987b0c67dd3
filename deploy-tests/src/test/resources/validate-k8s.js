// Validates Kubernetes objects offline against the JSON schemas of the npm package kubernetes-models.
// Input: a JSON array of objects (argv[2]). Exit code 1 with one line per invalid object, 0 when all are valid.
"use strict";
const fs = require("fs");

const objects = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const errors = [];
for (const object of objects) {
  const where = `${object.kind}/${object.metadata && object.metadata.name}`;
  // core/v1 lives at kubernetes-models/v1, every other group at kubernetes-models/<group>/<version>.
  const modulePath = "kubernetes-models/" + object.apiVersion;
  let models;
  try {
    models = require(modulePath);
  } catch (e) {
    errors.push(`${where}: no schema for apiVersion ${object.apiVersion}`);
    continue;
  }
  const Model = models[object.kind];
  if (typeof Model !== "function") {
    errors.push(`${where}: no schema for kind ${object.kind} in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    errors.push(`${where}: ${e.message}`);
  }
}
console.log(`${objects.length - errors.length} of ${objects.length} objects valid`);
errors.forEach((error) => console.log("INVALID " + error));
process.exit(errors.length === 0 ? 0 : 1);
