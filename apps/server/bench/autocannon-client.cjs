'use strict';
/**
 * autocannon `setupClient` for the HTTP benchmark (loaded in each load-generator thread).
 * autocannon keeps every response body by appending each chunk to a string (`body += chunk`):
 * a UTF-8 decode of compressed bytes and a copy per chunk, which cost the load generator ~4 ms
 * per 100 KB response, ten times what serving it cost the server. The benchmark never reads
 * bodies (no verifyBody, no expectBody), so this client drops them; sizes are still counted.
 */
module.exports = function setupClient(client) {
  client.pipelinedRequests.addBody = function dropBody() {};
};
