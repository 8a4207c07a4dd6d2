package serve

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// message is one Server-Sent Event.
type message struct {
	event string
	data  []byte
	// A "reload" event's build: the sites before and after, and the
	// sorted paths it changed, from which each page's stream adds that
	// page's new article (see Update).
	from, to *site
	changed  []string
}

// hub fans events out to every connected page.
type hub struct {
	mu      sync.Mutex
	clients map[chan message]struct{}
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan message]struct{}{}} }

// subscribe returns a channel of events and a function to leave. The channel
// is closed when the hub closes or the client falls too far behind (it then
// reconnects and catches up through its "hello" event).
func (h *hub) subscribe() (chan message, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan message, 16)
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	h.clients[ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.clients[ch]; ok {
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// publish sends an event to every client without ever blocking a rebuild.
func (h *hub) publish(event string, data []byte) {
	h.send(message{event: event, data: data})
}

func (h *hub) send(m message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- m:
		default:
			delete(h.clients, ch)
			close(ch)
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

// keepAlive is how often an idle stream gets a comment, so that dead
// connections are noticed.
const keepAlive = 20 * time.Second

// serveEvents streams events to one page: first "hello" with the current
// status of the page it shows, then "reload" and "error" as builds happen.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	events, leave := s.hub.subscribe() // before reading the status, so no build is missed
	defer leave()
	page := r.URL.Query().Get("page")
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	fmt.Fprint(w, "retry: 1000\n\n")
	writeEvent(w, message{event: "hello", data: mustJSON(s.status(page))})
	flusher.Flush()
	ticker := time.NewTicker(keepAlive)
	defer ticker.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case m, ok := <-events:
			if !ok {
				return
			}
			if m.to != nil {
				m.data = m.forPage(page)
			}
			writeEvent(w, m)
		case <-ticker.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		flusher.Flush()
	}
}

// forPage is a "reload" event's data for the stream of one page: with that
// page's new article when it is all that changed.
func (m message) forPage(page string) []byte {
	if _, found := slices.BinarySearch(m.changed, page); !found {
		return m.data
	}
	if u := m.to.update(m.from, page); u != nil {
		return withUpdate(m.data, u)
	}
	return m.data
}

// writeEvent writes one event; data is JSON, which has no raw newlines.
func writeEvent(w http.ResponseWriter, m message) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
}

// Status is what a page learns about the build when it loads or reconnects.
type Status struct {
	OK       bool      `json:"ok"`
	Problems []Problem `json:"problems"`
	Hash     string    `json:"hash"` // content hash of the asked page, "" if it does not exist
	// Served: the problems are those of the build being served (it had
	// errors but was made), not of a failed one.
	Served bool `json:"served"`
}

func (s *Server) status(page string) Status {
	st := s.state.Load()
	problems, served := st.problems, false
	if problems == nil && st.errors != nil {
		problems, served = st.errors, true
	}
	if problems == nil {
		problems = []Problem{}
	}
	return Status{OK: len(problems) == 0, Problems: problems, Hash: st.hashes[page], Served: served}
}
