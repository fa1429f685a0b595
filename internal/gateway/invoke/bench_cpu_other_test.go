//go:build !unix

package invoke_test

import "time"

// processCPU is not measured on this platform (the column reads 0).
func processCPU() time.Duration { return 0 }
