// Test-only oracle: renders templates with Apache Velocity 1.7 configured the
// way API Gateway behaves (invalid references and nulls render as empty text),
// with plain Java maps/lists as context and small Java implementations of
// $input/$util that follow AWS's documentation. Used by the Go differential
// test (internal/vtl/differential_test.go).
//
// Usage: java -cp velocity.jar:commons-lang.jar:commons-collections3.jar:. Oracle DIR
// For every DIR/NAME.vtl (body in DIR/NAME.body, optional) writes DIR/NAME.out
// with the rendered text, or DIR/NAME.err with the error.

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.InvalidReferenceEventHandler;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.util.introspection.Info;

public class Oracle {

    // ---------------------------------------------------------------- JSON
    // The arrays of $input.path print as compact JSON on AWS, inside
    // Java-style map output: {a=1, b=[{"c":5}]} (LocalStack's recording
    // test_input_path_template_formatting); $util.parseJson's print as Java lists.
    static final class JsonList extends ArrayList<Object> {
        JsonList() { super(); }
        JsonList(Collection<?> c) { super(c); }
        @Override public String toString() {
            StringBuilder b = new StringBuilder();
            writeJson(b, this);
            return b.toString();
        }
    }

    static final class JsonParser {
        final String s; int i; final boolean jsonLists;
        JsonParser(String s, boolean jsonLists) { this.s = s; this.jsonLists = jsonLists; }
        static Object parse(String s) { return parse(s, false); }
        static Object parse(String s, boolean jsonLists) {
            JsonParser p = new JsonParser(s, jsonLists);
            p.ws();
            Object v = p.value();
            p.ws();
            if (p.i != s.length()) throw new IllegalArgumentException("trailing data at " + p.i);
            return v;
        }
        void ws() { while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++; }
        Object value() {
            if (i >= s.length()) throw new IllegalArgumentException("unexpected end");
            char c = s.charAt(i);
            if (c == '{') {
                i++; Map<String, Object> m = new LinkedHashMap<>(); ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws(); String k = str(); ws();
                    if (s.charAt(i) != ':') throw new IllegalArgumentException("expected :");
                    i++; ws(); m.put(k, value()); ws();
                    if (s.charAt(i) == ',') { i++; continue; }
                    if (s.charAt(i) == '}') { i++; return m; }
                    throw new IllegalArgumentException("expected , or }");
                }
            }
            if (c == '[') {
                i++; List<Object> l = jsonLists ? new JsonList() : new ArrayList<>(); ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    ws(); l.add(value()); ws();
                    if (s.charAt(i) == ',') { i++; continue; }
                    if (s.charAt(i) == ']') { i++; return l; }
                    throw new IllegalArgumentException("expected , or ]");
                }
            }
            if (c == '"') return str();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int st = i;
            boolean dec = false;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                if (".eE".indexOf(s.charAt(i)) >= 0) dec = true;
                i++;
            }
            String n = s.substring(st, i);
            if (n.isEmpty()) throw new IllegalArgumentException("unexpected " + c);
            if (dec) return Double.valueOf(n);
            long l = Long.parseLong(n);
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return Integer.valueOf((int) l);
            return Long.valueOf(l);
        }
        String str() {
            if (s.charAt(i) != '"') throw new IllegalArgumentException("expected string");
            i++; StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break;
                        case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e);
                    }
                } else b.append(c);
            }
        }
    }

    static void writeJson(StringBuilder b, Object v) {
        if (v == null) b.append("null");
        else if (v instanceof String) {
            b.append('"');
            String s = (String) v;
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                switch (c) {
                    case '"': b.append("\\\""); break;
                    case '\\': b.append("\\\\"); break;
                    case '\n': b.append("\\n"); break;
                    case '\r': b.append("\\r"); break;
                    case '\t': b.append("\\t"); break;
                    case '\b': b.append("\\b"); break;
                    case '\f': b.append("\\f"); break;
                    default:
                        if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                        else b.append(c);
                }
            }
            b.append('"');
        } else if (v instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) b.append(',');
                first = false;
                writeJson(b, String.valueOf(e.getKey()));
                b.append(':');
                writeJson(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) b.append(',');
                first = false;
                writeJson(b, o);
            }
            b.append(']');
        } else b.append(String.valueOf(v));
    }

    // ------------------------------------------------------------ JSONPath
    // The subset the corpus uses: $, .name, ['name'], ["name"], [n], [*], .*
    static final Object MISSING = new Object();

    static Object jsonPath(Object root, String path) {
        List<Object> cur = new ArrayList<>();
        cur.add(root);
        boolean multi = false;
        int i = 0;
        if (path.startsWith("$")) i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            List<Object> next = new ArrayList<>();
            if (c == '.') {
                i++;
                int st = i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') i++;
                String name = path.substring(st, i);
                if (name.equals("*")) {
                    multi = true;
                    for (Object o : cur) {
                        if (o instanceof Map) next.addAll(((Map<?, ?>) o).values());
                        else if (o instanceof List) next.addAll((List<?>) o);
                    }
                } else {
                    for (Object o : cur) if (o instanceof Map && ((Map<?, ?>) o).containsKey(name)) next.add(((Map<?, ?>) o).get(name));
                }
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                String in = path.substring(i + 1, end).trim();
                i = end + 1;
                if (in.equals("*")) {
                    multi = true;
                    for (Object o : cur) {
                        if (o instanceof Map) next.addAll(((Map<?, ?>) o).values());
                        else if (o instanceof List) next.addAll((List<?>) o);
                    }
                } else if (in.startsWith("'") || in.startsWith("\"")) {
                    String name = in.substring(1, in.length() - 1);
                    for (Object o : cur) if (o instanceof Map && ((Map<?, ?>) o).containsKey(name)) next.add(((Map<?, ?>) o).get(name));
                } else {
                    int n = Integer.parseInt(in);
                    for (Object o : cur) {
                        if (o instanceof List) {
                            List<?> l = (List<?>) o;
                            int k = n < 0 ? l.size() + n : n;
                            if (k >= 0 && k < l.size()) next.add(l.get(k));
                        }
                    }
                }
            } else {
                throw new IllegalArgumentException("bad path " + path);
            }
            cur = next;
        }
        if (multi) return new JsonList(cur);
        if (cur.isEmpty()) return MISSING;
        return cur.get(0);
    }

    // --------------------------------------------------------------- $input
    public static final class Input {
        private final String body;
        private Object parsed;
        private final Map<String, Object> params;

        Input(String body, Map<String, Object> params) { this.body = body; this.params = params; }

        private Object root() {
            if (parsed == null) {
                String b = body.trim().isEmpty() ? "{}" : body;
                parsed = JsonParser.parse(b, true);
            }
            return parsed;
        }
        // an empty body reads as {} (LocalStack's recording test_input_body_formatting)
        public String getBody() { return body.isEmpty() ? "{}" : body; }
        public Object path(String p) {
            Object v = jsonPath(root(), p);
            return v == MISSING ? null : v;
        }
        public String json(String p) {
            Object v = jsonPath(root(), p);
            if (v == MISSING) return "null";
            StringBuilder b = new StringBuilder();
            writeJson(b, v);
            return b.toString();
        }
        public Map<String, Object> params() { return params; }
        @SuppressWarnings("unchecked")
        public Object params(String name) {
            for (String k : new String[] {"path", "querystring", "header"}) {
                Map<String, Object> m = (Map<String, Object>) params.get(k);
                if (m.containsKey(name)) return m.get(name);
            }
            return "";
        }
    }

    // ---------------------------------------------------------------- $util
    public static final class Util {
        public String escapeJavaScript(String s) {
            return s == null ? null : org.apache.commons.lang.StringEscapeUtils.escapeJavaScript(s);
        }
        public Object parseJson(String s) { return JsonParser.parse(s); }
        public String urlEncode(String s) throws Exception {
            return s == null ? "" : java.net.URLEncoder.encode(s, "UTF-8");
        }
        public String urlDecode(String s) throws Exception {
            return s == null ? "" : java.net.URLDecoder.decode(s, "UTF-8");
        }
        public String base64Encode(String s) {
            return s == null ? "" : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }
        public String base64Decode(String s) {
            return s == null ? "" : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------- handlers
    public static final class Handlers implements InvalidReferenceEventHandler, ReferenceInsertionEventHandler {
        public Object invalidGetMethod(Context c, String ref, Object obj, String prop, Info info) { return ""; }
        public boolean invalidSetMethod(Context c, String l, String r, Info info) { return false; }
        public Object invalidMethod(Context c, String ref, Object obj, String method, Info info) { return ""; }
        public Object referenceInsert(String ref, Object value) { return value == null ? "" : value; }
    }

    // The fixed request every corpus template sees; the Go side builds the same
    // (keys in sorted order, as Go's MappingVars orders them).
    static Map<String, Object> params() {
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("id", "path-id");
        path.put("petId", "42");
        Map<String, Object> qs = new LinkedHashMap<>();
        qs.put("id", "query-id");
        qs.put("limit", "10");
        qs.put("q", "hello world");
        Map<String, Object> hdr = new LinkedHashMap<>();
        hdr.put("Accept", "application/json");
        hdr.put("User-Agent", "curl/8.0");
        hdr.put("X-Trace", "abc=");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("path", path);
        p.put("querystring", qs);
        p.put("header", hdr);
        return p;
    }

    static Map<String, Object> contextMap() {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("sourceIp", "192.0.2.1");
        id.put("userAgent", "curl/8.0");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("httpMethod", "POST");
        c.put("identity", id);
        c.put("requestId", "req-123");
        c.put("resourcePath", "/pets/{petId}");
        c.put("stage", "test");
        Map<String, Object> ro = new LinkedHashMap<>();
        ro.put("header", new LinkedHashMap<String, Object>());
        ro.put("querystring", new LinkedHashMap<String, Object>());
        ro.put("path", new LinkedHashMap<String, Object>());
        c.put("requestOverride", ro);
        Map<String, Object> rs = new LinkedHashMap<>();
        rs.put("header", new LinkedHashMap<String, Object>());
        c.put("responseOverride", rs);
        return c;
    }

    public static void main(String[] args) throws Exception {
        VelocityEngine ve = new VelocityEngine();
        ve.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        // each corpus template keeps its macros to itself
        ve.setProperty("velocimacro.permissions.allow.inline.local.scope", "true");
        ve.init();
        File dir = new File(args[0]);
        String[] names = dir.list();
        Arrays.sort(names);
        for (String n : names) {
            if (!n.endsWith(".vtl")) continue;
            String base = n.substring(0, n.length() - 4);
            String tpl = new String(Files.readAllBytes(new File(dir, n).toPath()), StandardCharsets.UTF_8);
            File bf = new File(dir, base + ".body");
            String body = bf.exists() ? new String(Files.readAllBytes(bf.toPath()), StandardCharsets.UTF_8) : "";
            VelocityContext ctx = new VelocityContext();
            ctx.put("input", new Input(body, params()));
            ctx.put("util", new Util());
            ctx.put("context", contextMap());
            Map<String, Object> sv = new LinkedHashMap<>();
            sv.put("env", "test");
            sv.put("url", "https://example.com/api");
            ctx.put("stageVariables", sv);
            EventCartridge ec = new EventCartridge();
            Handlers h = new Handlers();
            ec.addEventHandler(h);
            ec.attachToContext(ctx);
            StringWriter w = new StringWriter();
            try {
                ve.evaluate(ctx, w, base, tpl);
                Files.write(new File(dir, base + ".out").toPath(), w.toString().getBytes(StandardCharsets.UTF_8));
            } catch (Throwable e) {
                Files.write(new File(dir, base + ".err").toPath(), String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
