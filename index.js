// n8n discovers nodes and credentials through the "n8n" field of package.json, not through
// this file; it exists so that `require('n8n-nodes-civic')` resolves.
module.exports = {};
