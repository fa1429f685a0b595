package runtime

import (
	"os/exec"
	goruntime "runtime"
	"sync"
	"syscall"
)

// Function instances must not outlive portico, also when portico is killed
// with SIGKILL. Linux's parent-death signal does that, but it fires when the
// OS thread that forked the child exits, not when the process does: Go
// retires threads at will, so every instance is started from one goroutine
// that locks its thread and never returns.

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

var (
	spawnOnce sync.Once
	spawnCh   chan spawnRequest
)

func spawnLoop() {
	goruntime.LockOSThread()
	// Never unlocked and never returns: the thread lives as long as the
	// process.
	for req := range spawnCh {
		req.done <- req.cmd.Start()
	}
}

// start starts cmd in its own process group, with SIGKILL as its
// parent-death signal, from the spawner thread.
func start(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnCh = make(chan spawnRequest)
		go spawnLoop()
	})
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	cmd.SysProcAttr.Setpgid = true
	done := make(chan error, 1)
	spawnCh <- spawnRequest{cmd: cmd, done: done}
	return <-done
}

// killGroup sends SIGKILL to the process group of a started command (the
// runtime and anything it forked).
func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Process.Kill()
}
