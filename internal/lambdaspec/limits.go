package lambdaspec

// Configuration limits of a function (CreateFunction and
// UpdateFunctionConfiguration), as the API's constraints state them.
const (
	MemoryMin             = 128   // MB
	MemoryMax             = 10240 // MB
	MemoryDefault         = 128
	TimeoutMin            = 1   // seconds
	TimeoutMax            = 900 // seconds
	TimeoutDefault        = 3
	EphemeralStorageMin   = 512   // MB
	EphemeralStorageMax   = 10240 // MB
	EphemeralStorageDflt  = 512
	DescriptionMaxLen     = 256
	EnvironmentMaxBytes   = 4096 // all keys and values, as JSON
	FunctionNameMaxLen    = 64
	FunctionRefMaxLen     = 140 // a name, partial or full ARN, with qualifier
	AliasNameMaxLen       = 128
	StatementIDMaxLen     = 100
	EventSourceTokenMax   = 256
	QualifierMaxLen       = 128
	LayersMax             = 5
	InvokePayloadMaxBytes = 6 * 1024 * 1024 // RequestResponse request and response
	EventPayloadMaxBytes  = 1024 * 1024     // Event (asynchronous) request
	ZipFileMaxBytes       = 50 * 1024 * 1024
	UnzippedMaxBytes      = 250 * 1024 * 1024
)

// Architectures.
const (
	ArchX8664 = "x86_64"
	ArchArm64 = "arm64"
)

// Architectures is every instruction set architecture, in the enum's order.
var Architectures = []string{ArchX8664, ArchArm64}

// Package types.
const (
	PackageTypeZip   = "Zip"
	PackageTypeImage = "Image"
)

// PackageTypes is every package type.
var PackageTypes = []string{PackageTypeZip, PackageTypeImage}

// Tracing modes.
const (
	TracingActive      = "Active"
	TracingPassThrough = "PassThrough"
)

// TracingModes is every tracing mode.
var TracingModes = []string{TracingActive, TracingPassThrough}

// Log formats and levels (LoggingConfig).
var (
	LogFormats             = []string{"JSON", "Text"}
	ApplicationLogLevels   = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"}
	SystemLogLevels        = []string{"DEBUG", "INFO", "WARN"}
	FunctionURLAuthTypes   = []string{"NONE", "AWS_IAM"}
	InvocationTypes        = []string{"Event", "RequestResponse", "DryRun"}
	LogTypes               = []string{"None", "Tail"}
	TailLogBytes           = 4096
	SnapStartApplyOnValues = []string{"PublishedVersions", "None"}
)

// Function states (State) and last-update statuses (LastUpdateStatus), the
// fields the AWS CLI's and HashiCorp's waiters poll.
const (
	StatePending  = "Pending"
	StateActive   = "Active"
	StateInactive = "Inactive"
	StateFailed   = "Failed"

	LastUpdateSuccessful = "Successful"
	LastUpdateFailed     = "Failed"
	LastUpdateInProgress = "InProgress"
)

// LatestVersion is the unpublished version's qualifier.
const LatestVersion = "$LATEST"

// ReservedEnvironmentKeys are the variables Lambda sets itself and refuses in
// a function's environment (CreateFunction/UpdateFunctionConfiguration answer
// InvalidParameterValueException naming them).
var ReservedEnvironmentKeys = []string{
	"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
	"AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
	"AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
	"AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
}
