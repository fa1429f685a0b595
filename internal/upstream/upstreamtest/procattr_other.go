//go:build !linux

package upstreamtest

import "syscall"

// procAttr: moto_server in a process group of its own (killed whole).
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
