import cluster from 'node:cluster';
const workers = Number(process.env.WORKERS ?? 2);
cluster.setupPrimary({ exec: '/work/main/examples/registry-server/src/main.ts', execArgv: ['--import', 'tsx'], args: process.argv.slice(2), silent: false });
for (let i = 0; i < workers; i++) cluster.fork();
process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.kill('SIGTERM'); setTimeout(() => process.exit(0), 2000); });
