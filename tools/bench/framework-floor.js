#!/usr/bin/env node
// The CPU floor of the HTTP stack under the write-CPU target (docs/performance.md, "Profile
// findings"): servers that only echo a JSON entry back, no database, no validation, no logging,
// each in its own process measured through /proc like the bench's writes section.
//   node tools/bench/framework-floor.js [--requests 3000] [--rounds 2]
// Stacks: Node's http module; Express with its JSON body parser; Nest on Express; Nest with the
// write path's shape (the controller sends a command on the CQRS command bus, its handler publishes
// an event on the event bus, one event handler receives it).
const { Buffer } = require('node:buffer');
const { spawn } = require('node:child_process');
const { parseArgs } = require('node:util');
const { cpuMs } = require('./server');

const STACKS = ['node:http', 'express', 'nest', 'nest+cqrs'];

/** An echo server of one stack; resolves to its listening HTTP server. */
async function serve(stack) {
  const http = require('node:http');
  const echo = (body) => [{ ...body, _id: '0123456789abcdef01234567' }];
  if (stack === 'node:http') {
    return http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const out = JSON.stringify(echo(JSON.parse(Buffer.concat(chunks).toString())));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      });
    });
  }
  if (stack === 'express') {
    const express = require('express');
    const app = express();
    app.use(express.json());
    app.post('/x', (req, res) => res.json(echo(req.body)));
    return http.createServer(app);
  }
  // Decorators applied as functions: this file is plain JavaScript.
  require('reflect-metadata');
  const { Body, Controller, HttpCode, Module, Post } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { CommandBus, CommandHandler, CqrsModule, EventBus, EventsHandler } = require('@nestjs/cqrs');
  const withCqrs = stack === 'nest+cqrs';
  class Create {
    constructor(doc) {
      this.doc = doc;
    }
  }
  class Created {
    constructor(docs) {
      this.docs = docs;
    }
  }
  class CreateHandler {
    constructor(events) {
      this.events = events;
    }
    async execute(command) {
      const docs = echo(command.doc);
      this.events.publish(new Created(docs));
      return docs;
    }
  }
  class CreatedHandler {
    handle() {}
  }
  class EchoController {
    constructor(commands) {
      this.commands = commands;
    }
    create(body) {
      return withCqrs ? this.commands.execute(new Create(body)) : echo(body);
    }
  }
  CommandHandler(Create)(CreateHandler);
  Reflect.defineMetadata('design:paramtypes', [EventBus], CreateHandler);
  EventsHandler(Created)(CreatedHandler);
  Controller()(EchoController);
  Reflect.defineMetadata('design:paramtypes', withCqrs ? [CommandBus] : [], EchoController);
  const create = Object.getOwnPropertyDescriptor(EchoController.prototype, 'create');
  Post('x')(EchoController.prototype, 'create', create);
  HttpCode(200)(EchoController.prototype, 'create', create);
  Body()(EchoController.prototype, 'create', 0);
  class EchoModule {}
  Module({ imports: withCqrs ? [CqrsModule.forRoot()] : [], controllers: [EchoController], providers: withCqrs ? [CreateHandler, CreatedHandler] : [] })(EchoModule);
  const app = await NestFactory.create(EchoModule, { logger: false });
  await app.init();
  return app.getHttpServer();
}

/** Server CPU per request (utime + stime from /proc) of `requests` sequential POSTs after 300 warm-up ones. */
async function measure(stack, requests) {
  const child = spawn(process.execPath, [module.filename, '--serve', stack], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      child.stdout.once('data', (data) => resolve(String(data).trim()));
      child.once('exit', (code) => reject(new Error(`${stack} server exited (${code})`)));
    });
    const body = JSON.stringify({ type: 'sgv', sgv: 120, date: Date.now(), dateString: new Date().toISOString(), device: 'xDrip-DexcomG6', direction: 'Flat' });
    const post = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`${stack}: ${res.status}`);
      await res.text();
    };
    for (let i = 0; i < 300; i++) await post();
    const [cpu, started] = [cpuMs(child.pid), Date.now()];
    for (let i = 0; i < requests; i++) await post();
    return { stack, cpuMsPerRequest: +((cpuMs(child.pid) - cpu) / requests).toFixed(3), wallMsPerRequest: +((Date.now() - started) / requests).toFixed(2) };
  } finally {
    child.kill();
  }
}

async function main() {
  const { values: args } = parseArgs({ options: { serve: { type: 'string' }, requests: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '2' } } });
  if (args.serve) {
    const server = await serve(args.serve);
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
    return;
  }
  console.log('| stack | server CPU ms/request | wall ms/request |\n|---|---|---|');
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const stack of STACKS) {
      const { cpuMsPerRequest, wallMsPerRequest } = await measure(stack, Number(args.requests));
      console.log(`| ${stack} | ${cpuMsPerRequest} | ${wallMsPerRequest} |`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
