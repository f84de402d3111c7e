#!/usr/bin/env node
// The Conveyor image's HEALTHCHECK (slim images have no curl). It finds what the container runs
// from the command line of its main process (PID 1, which the entrypoint replaced with
// `node /app/bin/conveyor.js <command> ...`) and asks the matching endpoint:
//   api     the API's GET /health            (CONVEYOR_API_PORT, 8000)
//   worker  the worker's GET /health         (CONVEYOR_WORKER_HEALTH_PORT, 8081 in the image)
//   dev     both (the image's `all` command)
// Exit 0 when every endpoint answers 200, 1 otherwise (the reason on stderr).
// CONVEYOR_HEALTHCHECK_PID names another process to look at (tests run it outside a container).
import fs from 'node:fs';
import http from 'node:http';

const TIMEOUT_MS = 3000;

/** The conveyor command the process runs: the argument after the conveyor.js script. */
function commandOf(pid) {
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const script = args.findIndex((arg) => /conveyor(\.js)?$/.test(arg));
  return script === -1 ? undefined : args[script + 1];
}

/** A wildcard listen address is reached on loopback. */
function apiHost() {
  const host = process.env.CONVEYOR_API_HOST || '127.0.0.1';
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}

function probe(what, host, port) {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path: '/health', timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `${what} answered ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve(`${what} at ${host}:${port}: ${error.message}`));
  });
}

async function main() {
  const pid = process.env.CONVEYOR_HEALTHCHECK_PID || '1';
  let command;
  try {
    command = commandOf(pid);
  } catch (error) {
    return [`cannot read the command of process ${pid}: ${error.message}`];
  }
  const api = () => probe('the API', apiHost(), Number(process.env.CONVEYOR_API_PORT || 8000));
  const worker = () => {
    const port = process.env.CONVEYOR_WORKER_HEALTH_PORT;
    return port ? probe('the worker', '127.0.0.1', Number(port)) : Promise.resolve('CONVEYOR_WORKER_HEALTH_PORT is not set: the worker serves no health endpoint');
  };
  const checks = { api: [api], worker: [worker], dev: [api, worker] }[command];
  if (!checks) return [`process ${pid} runs no conveyor api, worker or dev (command: ${command ?? 'none'})`];
  return (await Promise.all(checks.map((check) => check()))).filter(Boolean);
}

main().then((problems) => {
  for (const problem of problems) console.error(`unhealthy: ${problem}`);
  process.exit(problems.length === 0 ? 0 : 1);
});
