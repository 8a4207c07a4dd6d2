package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
)

// portTries is how many ports from Options.Port on Run tries.
const portTries = 20

// Run listens, prints the URL, builds, serves and rebuilds on changes until
// ctx is cancelled.
func Run(ctx context.Context, build BuildFunc, opts Options) error {
	opts, base, err := normalise(opts)
	if err != nil {
		return err
	}
	l, err := listen(opts.Bind, opts.Port)
	if err != nil {
		return err
	}
	port := l.Addr().(*net.TCPAddr).Port
	if port != opts.Port {
		fmt.Fprintf(opts.Log, "port %d is in use; using %d\n", opts.Port, port)
	}
	siteURL := "http://" + net.JoinHostPort(displayHost(opts.Bind), strconv.Itoa(port)) + escapePath(base)
	fmt.Fprintf(opts.Log, "serving on %s\n", siteURL)

	s, err := NewServer(build, opts)
	if err != nil {
		l.Close()
		return err
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	if opts.Started != nil {
		opts.Started(s)
	}
	if opts.Open {
		openBrowser(siteURL)
	}
	select {
	case <-ctx.Done():
		return s.Close()
	case err := <-served:
		s.Close()
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// listen takes port, or the next free one of portTries ports.
func listen(bind string, port int) (net.Listener, error) {
	var firstErr error
	for p := port; p < port+portTries && p <= 65535; p++ {
		l, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			return l, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	return nil, fmt.Errorf("serve: no free port in %d–%d: %w", port, port+portTries-1, firstErr)
}

// displayHost is the host to print: an unspecified bind address listens on
// loopback too, and that is the address a browser here can open.
func displayHost(bind string) string {
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		return "localhost"
	}
	return bind
}

// openBrowser opens url with the desktop's opener, best effort.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait() // reap it
	}
}
