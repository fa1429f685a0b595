package upstreamtest

import "syscall"

// procAttr: moto_server in a process group of its own (killed whole), and
// killed by the kernel if the test process dies first.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
