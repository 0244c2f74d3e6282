#!/usr/bin/env node
// Enough of toxiproxy-cli for healthchecks: `toxiproxy-cli list` exits 0 when the API answers.
const [command = 'list'] = process.argv.slice(2);
if (command !== 'list') {
  console.error(`toxiproxy-cli (sse-lab stand-in): only "list" is supported, got "${command}"`);
  process.exit(2);
}
fetch('http://127.0.0.1:8474/proxies')
  .then(async (res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    for (const proxy of Object.values(await res.json())) console.log(`${proxy.name}\t${proxy.listen}\t${proxy.upstream}\t${proxy.enabled ? 'enabled' : 'disabled'}`);
  })
  .catch((error) => {
    console.error(`toxiproxy API not reachable: ${error.message}`);
    process.exit(1);
  });
