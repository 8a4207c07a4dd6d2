//go:build !unix

package atomicfile

import "errors"

func isNotSupported(err error) bool { return errors.Is(err, errors.ErrUnsupported) }
