package vtl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseJSON parses JSON text into engine values: *Map (key order kept),
// *List, string, bool, nil, int32/int64 for integers (as Java's json-smart
// gives Integer/Long) and float64 for decimals.
func ParseJSON(s string) (any, error) {
	return parseJSON(s, false)
}

// parseJSON parses JSON text; with jsonLists its arrays print as JSON, as
// the arrays of $input.path do on AWS.
func parseJSON(s string, jsonLists bool) (any, error) {
	p := &jsonParser{s: s, jsonLists: jsonLists}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, p.errf("unexpected %q after JSON value", p.s[p.i])
	}
	return v, nil
}

type jsonParser struct {
	s         string
	i         int
	jsonLists bool
}

const maxJSONDepth = 1000

func (p *jsonParser) errf(f string, a ...any) error {
	return fmt.Errorf("invalid JSON at offset %d: %s", p.i, fmt.Sprintf(f, a...))
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, p.errf("nested too deeply")
	}
	if p.i >= len(p.s) {
		return nil, p.errf("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		m := NewMap()
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return m, nil
		}
		for {
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				return nil, p.errf("expected a string key")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, p.errf("expected ':'")
			}
			p.i++
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m.Set(k, v)
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return m, nil
			}
			return nil, p.errf("expected ',' or '}'")
		}
	case c == '[':
		p.i++
		l := &List{json: p.jsonLists}
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return l, nil
		}
		for {
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			l.Items = append(l.Items, v)
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				return l, nil
			}
			return nil, p.errf("expected ',' or ']'")
		}
	case c == '"':
		return p.str()
	case strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return false, nil
	case strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return nil, nil
	case c == '-' || c >= '0' && c <= '9':
		st := p.i
		dec := false
		for p.i < len(p.s) && strings.IndexByte("+-0123456789.eE", p.s[p.i]) >= 0 {
			if strings.IndexByte(".eE", p.s[p.i]) >= 0 {
				dec = true
			}
			p.i++
		}
		n := p.s[st:p.i]
		if !dec {
			if v, err := strconv.ParseInt(n, 10, 64); err == nil {
				if v >= math.MinInt32 && v <= math.MaxInt32 {
					return int32(v), nil
				}
				return v, nil
			}
		}
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			p.i = st
			return nil, p.errf("invalid number %q", n)
		}
		return f, nil
	default:
		return nil, p.errf("unexpected character %q", c)
	}
}

func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != '"' && p.s[p.i] != '\\' && p.s[p.i] >= 0x20 {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '"' {
		s := p.s[start:p.i]
		p.i++
		return s, nil
	}
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	for {
		if p.i >= len(p.s) {
			return "", p.errf("unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errf("unterminated string")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case '/', '\\', '"':
				b.WriteByte(e)
			case 'u':
				if p.i+4 > len(p.s) {
					return "", p.errf("bad \\u escape")
				}
				n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 16)
				if err != nil {
					return "", p.errf("bad \\u escape")
				}
				p.i += 4
				r := rune(n)
				if utf16.IsSurrogate(r) && p.i+6 <= len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					if n2, err := strconv.ParseUint(p.s[p.i+2:p.i+6], 16, 16); err == nil {
						if d := utf16.DecodeRune(r, rune(n2)); d != utf8.RuneError {
							p.i += 6
							r = d
						}
					}
				}
				b.WriteRune(r)
			default:
				return "", p.errf("bad escape \\%c", e)
			}
		case c < 0x20:
			return "", p.errf("control character in string")
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// WriteJSON serializes an engine value as compact JSON.
func writeJSON(b *strings.Builder, v any, depth int) error {
	if depth > maxPrintDepth {
		return fmt.Errorf("value nested too deeply to serialize")
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		jsonString(b, x)
	case *Map:
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			ks, err := javaString(k, depth+1)
			if err != nil {
				return err
			}
			jsonString(b, ks)
			b.WriteByte(':')
			if err := writeJSON(b, x.vals[i], depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case *List:
		b.WriteByte('[')
		for i, it := range x.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, it, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		s, err := javaString(v, depth+1)
		if err != nil {
			return err
		}
		b.WriteString(s)
	}
	return nil
}

func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if c < 0x20 {
				// by hand: fmt would make every printing builder escape
				const hex = "0123456789abcdef"
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}
