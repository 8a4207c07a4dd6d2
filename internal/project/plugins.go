package project

import (
	"handbook/internal/project/cfgtree"
	"handbook/internal/project/plugins"
)

// Plugins are the settings of the MkDocs plugins handbook honours (the
// switches Search and Tags are Config fields of their own); PluginEntry
// is a plugin's options as written (see internal/project/plugins).
type (
	Plugins     = plugins.Settings
	PluginEntry = plugins.Entry
)

// readPlugins reads plugins and hooks (see plugins.Read).
func (l *loader) readPlugins(root *cfgtree.Node) {
	defer plugins.ReadHooks(&l.Reader, root.Get("hooks"))
	listed, ok := plugins.Read(&l.Reader, root)
	if !ok {
		return
	}
	l.cfg.Plugins = listed.Settings
	l.extra.SearchPlugin, l.extra.TagsPlugin = listed.HasSearch, listed.HasTags
	if listed.HasSocial {
		l.cfg.SocialCards = true
	}
	l.reportUnsupported(root.KeyNode("plugins"), "plugins", listed.Unsupported)
}
