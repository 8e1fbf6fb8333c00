'use strict';
/**
 * autocannon `setupClient` for loads where every request must be a different one (search pages
 * built anew, not answered from memory): autocannon starts every connection at the first of
 * its `requests`, so 64 connections would ask the same thing at the same moment and be served
 * by one build. Each connection here starts at its own random place in the list named by
 * BENCH_SPREAD_REQUESTS (a JSON file of paths). Bodies are dropped as in autocannon-client.cjs.
 */
const fs = require('node:fs');

const paths = JSON.parse(fs.readFileSync(process.env.BENCH_SPREAD_REQUESTS, 'utf8'));

module.exports = function setupClient(client) {
  client.pipelinedRequests.addBody = function dropBody() {};
  const start = Math.floor(Math.random() * paths.length);
  const rotated = paths.slice(start).concat(paths.slice(0, start));
  client.setRequests(rotated.map((path) => ({ method: 'GET', path })));
};
