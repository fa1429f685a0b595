package lambda

import "net/http"

func (s *Service) routes() *http.ServeMux {
	mux := http.NewServeMux()
	h := func(pattern string, f op) { s.handle(mux, pattern, f) }
	const fn = "/2015-03-31/functions/{name}"

	h("POST /2015-03-31/functions", s.createFunction)
	h("POST /2015-03-31/functions/{$}", s.createFunction)
	h("GET /2015-03-31/functions", s.listFunctions)
	h("GET /2015-03-31/functions/{$}", s.listFunctions)
	h("GET "+fn, s.getFunction)
	h("DELETE "+fn, s.deleteFunction)
	h("GET "+fn+"/configuration", s.getFunctionConfiguration)
	h("PUT "+fn+"/configuration", s.updateFunctionConfiguration)
	h("PUT "+fn+"/code", s.updateFunctionCode)
	mux.HandleFunc("POST "+fn+"/invocations", s.serveInvoke)
	mux.HandleFunc("POST /2014-11-13/functions/{name}/invoke-async/", s.serveInvokeAsync)
	mux.HandleFunc("POST /2014-11-13/functions/{name}/invoke-async", s.serveInvokeAsync)
	h("POST "+fn+"/versions", s.publishVersion)
	h("GET "+fn+"/versions", s.listVersions)
	h("POST "+fn+"/aliases", s.createAlias)
	h("GET "+fn+"/aliases", s.listAliases)
	h("GET "+fn+"/aliases/{alias}", s.getAlias)
	h("PUT "+fn+"/aliases/{alias}", s.updateAlias)
	h("DELETE "+fn+"/aliases/{alias}", s.deleteAlias)
	h("POST "+fn+"/policy", s.addPermission)
	h("GET "+fn+"/policy", s.getPolicy)
	h("DELETE "+fn+"/policy/{sid}", s.removePermission)

	h("POST /2017-03-31/tags/{arn}", s.tagResource)
	h("DELETE /2017-03-31/tags/{arn}", s.untagResource)
	h("GET /2017-03-31/tags/{arn}", s.listTags)

	h("PUT /2017-10-31/functions/{name}/concurrency", s.putConcurrency)
	h("DELETE /2017-10-31/functions/{name}/concurrency", s.deleteConcurrency)
	h("GET /2019-09-30/functions/{name}/concurrency", s.getConcurrency)

	h("GET /2020-06-30/functions/{name}/code-signing-config", s.withFunction(s.getCodeSigningConfig))
	h("PUT /2020-06-30/functions/{name}/code-signing-config", s.putCodeSigningConfig)
	h("DELETE /2020-06-30/functions/{name}/code-signing-config", s.withFunction(func(*http.Request, *fnState, string) (int, any, *Error) {
		return http.StatusNoContent, nil, nil
	}))
	h("GET /2021-07-20/functions/{name}/runtime-management-config", s.withFunction(s.getRuntimeManagement))
	h("PUT /2021-07-20/functions/{name}/runtime-management-config", s.putRuntimeManagement)
	h("GET /2024-08-31/functions/{name}/recursion-config", s.withFunction(s.getRecursion))
	h("PUT /2024-08-31/functions/{name}/recursion-config", s.putRecursion)
	h("GET /2021-10-31/functions/{name}/url", s.withFunction(s.getURLConfig))
	h("GET /2021-10-31/functions/{name}/urls", s.withFunction(emptyList("FunctionUrlConfigs")))
	h("GET /2019-09-25/functions/{name}/event-invoke-config", s.withFunction(s.getEventInvokeConfig))
	h("GET /2019-09-25/functions/{name}/event-invoke-config/list", s.withFunction(emptyList("FunctionEventInvokeConfigs")))
	h("GET /2019-09-30/functions/{name}/provisioned-concurrency", func(r *http.Request) (int, any, *Error) {
		if r.URL.Query().Get("List") == "ALL" {
			return s.withFunction(emptyList("ProvisionedConcurrencyConfigs"))(r)
		}
		return s.withFunction(s.getProvisioned)(r)
	})
	h("GET /2016-08-19/account-settings", s.accountSettings)
	h("GET /2016-08-19/account-settings/{$}", s.accountSettings)
	h("GET /2015-03-31/event-source-mappings", constant("EventSourceMappings"))
	h("GET /2015-03-31/event-source-mappings/{$}", constant("EventSourceMappings"))
	h("GET /2018-10-31/layers", constant("Layers"))
	h("GET /2018-10-31/layers/{$}", constant("Layers"))
	h("GET /2020-04-22/code-signing-configs", constant("CodeSigningConfigs"))
	h("GET /2020-04-22/code-signing-configs/{$}", constant("CodeSigningConfigs"))
	mux.HandleFunc("GET "+codeLocationPrefix+"{file}", s.serveCode)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		errorf(http.StatusNotFound, "UnknownOperationException", "portico serve does not implement the Lambda operation %s %s", r.Method, r.URL.Path).write(w)
	})
	return mux
}
