# Portico's runtime interface client for Python: it speaks the Lambda Runtime
# API (AWS_LAMBDA_RUNTIME_API) and loads the handler (_HANDLER) the way AWS's
# awslambdaric does, with the same error types and messages. portico serve
# uses awslambdaric instead when the interpreter has it.
import decimal
import socket
import importlib
import json
import logging
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
HANDLER = os.environ.get("_HANDLER", "")
BASE = "/2018-06-01/runtime"

_request_id = ""


class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


class Unbuffered:
    def __init__(self, stream):
        self.stream = stream

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()

    def __getattr__(self, attr):
        return getattr(self.stream, attr)


class Client:
    """A minimal HTTP/1.1 client for the Runtime API on loopback (one
    persistent connection; http.client's header parsing costs more than the
    invocation itself)."""

    def __init__(self):
        host, port = API.rsplit(":", 1)
        self.addr = (host, int(port))
        self.host = API.encode()
        self._connect()

    def _connect(self):
        self.sock = socket.create_connection(self.addr)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rfile = self.sock.makefile("rb")

    def call(self, method, path, body=b"", headers=None):
        head = [method.encode() + b" " + BASE.encode() + path.encode() + b" HTTP/1.1", b"Host: " + self.host]
        for k, v in (headers or {}).items():
            head.append(k.encode() + b": " + v.encode())
        if method == "POST":
            head.append(b"Content-Length: " + str(len(body)).encode())
        msg = b"\r\n".join(head) + b"\r\n\r\n" + body
        for attempt in range(2):
            try:
                self.sock.sendall(msg)
                return self._read()
            except (OSError, ValueError):
                if attempt:
                    raise
                self.sock.close()
                self._connect()

    def _read(self):
        line = self.rfile.readline()
        if not line:
            raise ConnectionError("runtime API closed the connection")
        status = int(line.split(b" ", 2)[1])
        headers = {}
        while True:
            line = self.rfile.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            k, _, v = line.partition(b":")
            headers[k.strip().lower().decode()] = v.strip().decode()
        n = int(headers.get("content-length", "0"))
        body = self.rfile.read(n) if n else b""
        return status, headers, body

    def next(self):
        return self.call("GET", "/invocation/next")

    def post(self, path, body, error_type=None):
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.call("POST", path, body=body, headers=headers)


class Context:
    def __init__(self, request_id, deadline_ms, arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = client_context
        self.identity = identity
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id={},log_group_name={},log_stream_name={},function_name={},"
            "memory_limit_in_mb={},function_version={},invoked_function_arn={},client_context={},identity={}])"
        ).format(self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
                 self.memory_limit_in_mb, self.function_version, self.invoked_function_arn,
                 self.client_context, self.identity)


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException("Runtime.BuiltInModuleConflict",
                                 "Cannot use built-in module {} as a handler module".format(modname))
        m = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(modname, str(e)), trace)
    try:
        return getattr(m, fname)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(fname, modname))


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def log_error(err):
    lines = ["[ERROR] " + err["errorType"] + ": " + err["errorMessage"] if err["errorType"] else "[ERROR] " + err["errorMessage"]]
    if err.get("stackTrace") is not None:
        lines.append("Traceback (most recent call last):")
        for el in err["stackTrace"]:
            lines.extend(el.splitlines())
    sys.stdout.write("\r".join(lines) + "\n")


def _default(o):
    if isinstance(o, decimal.Decimal):
        return float(o) if o % 1 else int(o)
    raise TypeError("Object of type %s is not JSON serializable" % o.__class__.__name__)


def to_json(obj):
    return json.dumps(obj, default=_default)


def extract_tb(tb):
    frames = traceback.extract_tb(tb)
    for i, f in enumerate(frames):
        if not f.filename.endswith("bootstrap.py"):
            return frames[i:]
    return []


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        return True


def setup_logging():
    logging.Formatter.converter = time.gmtime
    logger = logging.getLogger()
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
                                     "%Y-%m-%dT%H:%M:%S"))
    h.addFilter(RequestIdFilter())
    logger.addHandler(h)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if level and level.upper() in logging._nameToLevel:
        logger.setLevel(level.upper())


def main():
    global _request_id
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    if TASK_ROOT not in sys.path:
        sys.path.insert(0, TASK_ROOT)
    os.chdir(TASK_ROOT)
    setup_logging()
    client = Client()
    try:
        handler = get_handler(HANDLER)
    except FaultException as e:
        err = make_error(e.msg, e.exception_type, e.trace)
        log_error(err)
        client.post("/init/error", to_json(err), e.exception_type)
        sys.exit(1)
    except Exception:
        etype, value, tb = sys.exc_info()
        err = make_error(str(value), etype.__name__, traceback.format_list(extract_tb(tb)))
        log_error(err)
        client.post("/init/error", to_json(err), "Runtime.Unknown")
        sys.exit(1)

    while True:
        _, hdrs, body = client.next()
        rid = hdrs.get("lambda-runtime-aws-request-id")
        _request_id = rid
        trace_id = hdrs.get("lambda-runtime-trace-id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        err = None
        try:
            cc = hdrs.get("lambda-runtime-client-context")
            ci = hdrs.get("lambda-runtime-cognito-identity")
            try:
                client_context = json.loads(cc) if cc else None
                identity = json.loads(ci) if ci else None
            except Exception as e:
                raise FaultException("Runtime.LambdaContextUnmarshalError", "Unable to parse Client Context JSON: " + str(e))
            ctx = Context(rid, int(hdrs.get("lambda-runtime-deadline-ms") or 0),
                          hdrs.get("lambda-runtime-invoked-function-arn"), client_context, identity)
            try:
                event = json.loads(body) if body else {}
            except ValueError as e:
                raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: " + str(e))
            result = handler(event, ctx)
            try:
                out = to_json(result)
            except Exception as e:
                raise FaultException("Runtime.MarshalError", "Unable to marshal response: " + str(e))
        except FaultException as e:
            err = make_error(e.msg, e.exception_type, e.trace, rid)
        except Exception:
            etype, value, tb = sys.exc_info()
            err = make_error(str(value), etype.__name__, traceback.format_list(extract_tb(tb)), rid)
        if err is not None:
            log_error(err)
            client.post("/invocation/" + rid + "/error", to_json(err), err["errorType"])
        else:
            client.post("/invocation/" + rid + "/response", out)


if __name__ == "__main__":
    main()
