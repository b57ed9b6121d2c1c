#!/usr/bin/env node
console.error('pollinate: the CLI is not built yet');
process.exitCode = 1;
