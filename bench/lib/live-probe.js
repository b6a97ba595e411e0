// Polls /health/live on 127.0.0.1:PROBE_PORT every 50 ms from its own process (bench/hostile-input.ts);
// sends the latencies (ms, -1 for a failure) to the parent when told to stop.
'use strict';
const http = require('node:http');
const latencies = [];
let stopping = false;
process.on('message', () => { stopping = true; });
(async function loop() {
  while (!stopping) {
    const started = process.hrtime.bigint();
    const ms = await new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: Number(process.env.PROBE_PORT), path: '/health/live' }, (res) => {
        res.resume();
        res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
      });
      req.on('error', () => resolve(-1));
      req.end();
    });
    latencies.push(ms);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.send(latencies, () => process.exit(0));
})();
