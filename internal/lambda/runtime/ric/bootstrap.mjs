// Portico's runtime interface client for Node.js: it speaks the Lambda
// Runtime API (AWS_LAMBDA_RUNTIME_API) and loads the handler (_HANDLER) the
// way AWS's aws-lambda-nodejs-runtime-interface-client does, with the same
// error types and messages.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const API = process.env.AWS_LAMBDA_RUNTIME_API;
const [HOST, PORT] = [API.slice(0, API.lastIndexOf(':')), Number(API.slice(API.lastIndexOf(':') + 1))];
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || process.cwd();
const HANDLER = process.env._HANDLER || '';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const require = createRequire(import.meta.url);

class RuntimeError extends Error {}
const errorClass = (name) => {
  const c = class extends RuntimeError {};
  c.prototype.name = `Runtime.${name}`;
  return c;
};
const ImportModuleError = errorClass('ImportModuleError');
const HandlerNotFound = errorClass('HandlerNotFound');
const MalformedHandlerName = errorClass('MalformedHandlerName');
const UserCodeSyntaxError = errorClass('UserCodeSyntaxError');
const UnhandledPromiseRejection = errorClass('UnhandledPromiseRejection');

function call(method, p, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port: PORT, method, path: '/2018-06-01/runtime' + p, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}

function post(p, obj, errorType) {
  const body = Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj));
  const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  return call('POST', p, body, headers);
}

function isError(e) {
  return e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string';
}

function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

// Logging as Lambda's Node.js runtime formats it.
let requestId = undefined;
function patchConsole() {
  const write = (level) => (...args) => {
    const line = `${new Date().toISOString()}\t${requestId}\t${level}\t${util.format(...args)}\n`;
    process.stdout.write(line);
  };
  console.log = write('INFO');
  console.info = write('INFO');
  console.warn = write('WARN');
  console.error = write('ERROR');
  console.debug = write('DEBUG');
  console.trace = write('TRACE');
  console.fatal = write('FATAL');
}

function hasTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj)).type === 'module';
    } catch (_) {
      return false;
    }
  }
  if (folder === '/') return false;
  return hasTypeModule(path.resolve(folder, '..'));
}

async function tryRequire(appRoot, moduleRoot, module) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, module);
  const reqFile = (ext) => (fs.existsSync(lambdaStylePath + ext) ? require(lambdaStylePath + ext) : undefined);
  const impFile = async (ext) => (fs.existsSync(lambdaStylePath + ext) ? await import(pathToFileURL(lambdaStylePath + ext).href) : undefined);
  const extensionless = reqFile('');
  if (extensionless) return extensionless;
  const pjHasModule = hasTypeModule(path.dirname(lambdaStylePath));
  if (!pjHasModule) {
    const loaded = reqFile('.js');
    if (loaded) return loaded;
  }
  const loaded = (pjHasModule && (await impFile('.js'))) || (await impFile('.mjs')) || reqFile('.cjs');
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, full) {
  if (full.includes('..')) {
    throw new MalformedHandlerName(`'${full}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const base = path.basename(full);
  const moduleRoot = full.substring(0, full.indexOf(base));
  const m = base.match(/^([^.]*)\.(.*)$/);
  if (!m || m.length !== 3) throw new MalformedHandlerName('Bad handler');
  const [, module, handlerPath] = m;
  let app;
  try {
    app = await tryRequire(appRoot, moduleRoot, module);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e.code !== undefined && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const fn = handlerPath.split('.').reduce((o, k) => o && o[k], app);
  if (!fn) throw new HandlerNotFound(`${full} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${full} is not a function`);
  return fn;
}

function makeContext(res, done) {
  const deadline = Number(res.headers['lambda-runtime-deadline-ms']);
  const cc = res.headers['lambda-runtime-client-context'];
  const ci = res.headers['lambda-runtime-cognito-identity'];
  const ctx = {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: res.headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: res.headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: cc ? JSON.parse(cc) : undefined,
    identity: ci ? JSON.parse(ci) : undefined,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    done: (err, result) => done(err, result),
    succeed: (result) => done(null, result),
    fail: (err) => done(err == null ? '' : err),
  };
  return ctx;
}

let current = null; // request id of the invocation in progress

async function reportError(id, err) {
  const r = toRapidResponse(err);
  process.stdout.write(`${new Date().toISOString()}\t${id}\tERROR\tInvoke Error \t${JSON.stringify(r)}\n`);
  await post(`/invocation/${id}/error`, r, r.errorType);
}

async function main() {
  patchConsole();
  process.chdir(TASK_ROOT);
  let handler;
  try {
    handler = await loadHandler(TASK_ROOT, HANDLER);
  } catch (e) {
    const r = toRapidResponse(e);
    process.stdout.write(`${new Date().toISOString()}\tundefined\tERROR\t${JSON.stringify(r)}\n`);
    await post('/init/error', r, r.errorType);
    process.exit(129);
  }
  const fatal = async (err) => {
    if (current) {
      try {
        await reportError(current, err);
      } catch (_) { /* the platform sees the exit */ }
    } else {
      const r = toRapidResponse(err);
      process.stdout.write(`${new Date().toISOString()}\tundefined\tERROR\t${JSON.stringify(r)}\n`);
    }
    process.exit(129);
  };
  process.on('uncaughtException', (err) => { fatal(err); });
  process.on('unhandledRejection', (reason) => { fatal(new UnhandledPromiseRejection(String(reason))); });

  for (;;) {
    const { res, body } = await call('GET', '/invocation/next');
    const id = res.headers['lambda-runtime-aws-request-id'];
    requestId = id;
    current = id;
    const trace = res.headers['lambda-runtime-trace-id'];
    if (trace) process.env._X_AMZN_TRACE_ID = trace; else delete process.env._X_AMZN_TRACE_ID;
    let settled = false;
    const outcome = await new Promise((resolve) => {
      const done = (err, result) => {
        if (settled) return;
        settled = true;
        resolve({ err, result });
      };
      let event;
      try {
        event = JSON.parse(body.length ? body.toString('utf8') : '{}');
      } catch (e) {
        done(e);
        return;
      }
      let ctx;
      try {
        ctx = makeContext(res, done);
        const ret = handler(event, ctx, (err, result) => done(err, result));
        if (ret && typeof ret.then === 'function') {
          ret.then((result) => done(null, result), (err) => done(err == null ? new Error(String(err)) : err));
        } else if (handler.length < 3) {
          done(null, ret);
        }
      } catch (e) {
        done(e);
      }
    });
    if (outcome.err !== undefined && outcome.err !== null) {
      await reportError(id, outcome.err);
    } else {
      let payload;
      try {
        payload = JSON.stringify(outcome.result === undefined ? null : outcome.result);
      } catch (_) {
        await reportError(id, new Error('Unable to stringify response body'));
        current = null;
        continue;
      }
      await post(`/invocation/${id}/response`, payload === undefined ? 'null' : payload);
    }
    current = null;
  }
}

main();
