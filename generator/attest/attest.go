// Package attest records an owner's attestation of an inventory item in
// the inventory file that declares it (handbook attest), so that the
// review is a commit an auditor can see. It edits the file's text at the
// item's place rather than re-encoding the file: YAML and JSON keep
// their comments, key order, quoting and indentation; a CSV inventory
// gains the attestation's columns.
package attest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
)

// Write records a as the attestation of the item it (as Load read it)
// in the item's file below project, replacing an attestation it has, and
// returns the file's path. The file must still hold the item where it
// was read; the edited file is read back and must declare the item with
// the new attestation, else it is left as it was.
func Write(project string, it *inventory.Item, a inventory.Attestation) (string, error) {
	root, err := os.OpenRoot(project)
	if err != nil {
		return "", err
	}
	defer root.Close()
	name := it.Pos.Path
	src, err := root.ReadFile(name)
	if err != nil {
		return name, fmt.Errorf("cannot read %s: %v", name, err)
	}
	var out []byte
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		out, err = editCSV(src, it.ID, a)
	case ".json":
		out, err = editJSON(src, it.Pos.Line, it.Pos.Col, a)
	default:
		out, err = editYAML(src, it.Pos.Line, it.Pos.Col, a)
	}
	if err != nil {
		return name, fmt.Errorf("%s:%d: %v", name, it.Pos.Line, err)
	}
	if strings.EqualFold(path.Ext(name), ".json") && !json.Valid(out) {
		return name, fmt.Errorf("%s: the edited file is no valid JSON; it is left as it was, add attested: by hand", name)
	}
	if err := check(name, out, it.ID, a); err != nil {
		return name, fmt.Errorf("%s: the edited file does not read back (%v); it is left as it was, add attested: by hand", name, err)
	}
	info, err := root.Stat(name)
	if err != nil {
		return name, err
	}
	tmp := name + ".attest~"
	if err := root.WriteFile(tmp, out, info.Mode().Perm()); err != nil {
		return name, err
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return name, err
	}
	return name, nil
}

// check reads the edited file as the build will and finds the item with
// the attestation written.
func check(name string, src []byte, id string, a inventory.Attestation) error {
	items, diags := inventory.Parse(name, src)
	if n, _ := diags.Count(); n > 0 {
		return errors.New(diags[0].String())
	}
	for _, it := range items {
		if it.ID != id {
			continue
		}
		if it.Attested == nil || !it.Attested.On.Equal(a.On) || it.Attested.By != a.By {
			return fmt.Errorf("item %s has no attestation of %s", id, a.On.Format(time.DateOnly))
		}
		return nil
	}
	return fmt.Errorf("no item %s", id)
}

// fields are an attestation's keys and values in the order written,
// each value as JSON (which YAML reads too).
func fields(a inventory.Attestation) [][2]string {
	q := func(s string) string {
		b, _ := json.Marshal(s)
		return string(b)
	}
	out := [][2]string{{"on", q(a.On.Format(time.DateOnly))}}
	if a.By != "" {
		out = append(out, [2]string{"by", q(a.By)})
	}
	out = append(out, [2]string{"needed", strconv.FormatBool(a.Needed)})
	if len(a.Owners) > 0 {
		var l []string
		for _, o := range a.Owners {
			l = append(l, q(o))
		}
		out = append(out, [2]string{"owners", "[" + strings.Join(l, ", ") + "]"})
	}
	if a.HasMembers {
		out = append(out, [2]string{"members", strconv.Itoa(a.Members)})
	}
	if a.Sharing != "" {
		out = append(out, [2]string{"sharing", q(a.Sharing)})
	}
	return out
}

// plain matches a YAML scalar that needs no quotes.
var plain = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]*$`)

// yamlValue writes a JSON value as YAML writers do: strings without
// quotes where YAML reads them back as the same text.
func yamlValue(v string) string {
	if s, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) && plain.MatchString(s) && !isYAMLWord(s) {
		return s
	}
	if strings.HasPrefix(v, "[") {
		var l []string
		if json.Unmarshal([]byte(v), &l) == nil {
			for i, s := range l {
				b, _ := json.Marshal(s)
				l[i] = yamlValue(string(b))
			}
			return "[" + strings.Join(l, ", ") + "]"
		}
	}
	return v
}

// isYAMLWord reports text YAML would read as something else than text.
func isYAMLWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		return true
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// lines splits src into lines, each with its line ending.
func lines(src []byte) [][]byte {
	var out [][]byte
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			out = append(out, src)
			break
		}
		out = append(out, src[:i+1])
		src = src[i+1:]
	}
	return out
}

// indent is the number of leading spaces of a line, or -1 for a blank
// line or a comment, which belong to no key.
func indent(l []byte) int {
	t := bytes.TrimLeft(l, " ")
	if len(bytes.TrimSpace(t)) == 0 || t[0] == '#' {
		return -1
	}
	return len(l) - len(t)
}

// editYAML writes the attestation into the block mapping whose first key
// is at line:col, replacing its attested: key if it has one.
func editYAML(src []byte, line, col int, a inventory.Attestation) ([]byte, error) {
	ls := lines(src)
	if line < 1 || line > len(ls) {
		return nil, errors.New("the item is not where the inventory was read; run handbook attest again")
	}
	first := ls[line-1]
	if col < 1 || col > len(first) {
		return nil, errors.New("the item is not where the inventory was read; run handbook attest again")
	}
	if bytes.ContainsAny(first[:col-1], "{[") {
		return nil, errors.New("the item is written as a flow mapping ({id: …, …}); write it as a block mapping, one key per line, to attest it with handbook attest, or add attested: to it by hand")
	}
	keyIndent := col - 1
	eol := "\n"
	if bytes.HasSuffix(first, []byte("\r\n")) {
		eol = "\r\n"
	}
	// The item runs to the last line indented at least as its keys.
	last := line - 1
	at, end := -1, -1 // the attested: key's lines [at, end)
	for i := line; i < len(ls); i++ {
		n := indent(ls[i])
		if n < 0 {
			continue
		}
		if n < keyIndent {
			break
		}
		last = i
		if n == keyIndent && (bytes.HasPrefix(ls[i][n:], []byte("attested:")) || bytes.HasPrefix(ls[i][n:], []byte(`"attested":`))) {
			at = i
		} else if n == keyIndent && at >= 0 && end < 0 {
			end = i
		}
	}
	if bytes.HasPrefix(bytes.TrimLeft(first[col-1:], " "), []byte("attested:")) {
		return nil, errors.New("the item starts with attested:; move id: first to attest it with handbook attest")
	}
	if at >= 0 && end < 0 {
		end = last + 1
	}
	pad := strings.Repeat(" ", keyIndent)
	var b strings.Builder
	b.WriteString(pad + "attested:" + eol)
	for _, f := range fields(a) {
		b.WriteString(pad + "  " + f[0] + ": " + yamlValue(f[1]) + eol)
	}
	var out [][]byte
	if at >= 0 {
		out = append(out, ls[:at]...)
		out = append(out, []byte(b.String()))
		out = append(out, ls[end:]...)
	} else {
		out = append(out, ls[:last+1]...)
		if !bytes.HasSuffix(ls[last], []byte("\n")) {
			out = append(out, []byte(eol))
		}
		out = append(out, []byte(b.String()))
		out = append(out, ls[last+1:]...)
	}
	return bytes.Join(out, nil), nil
}

// offset returns the byte offset of line:col (1-based) in src.
func offset(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off + col - 1
}

// skipValue returns the offset just past the JSON value starting at i,
// at most the end of src (a value left open ends there).
func skipValue(src []byte, i int) int {
	depth := 0
	for ; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			if i >= len(src) {
				return len(src)
			}
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return len(src)
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

// editJSON writes the attestation into the object whose first key is at
// line:col: its "attested" value replaced, or the key added after the
// last, on a line of its own when the object has one key per line.
func editJSON(src []byte, line, col int, a inventory.Attestation) ([]byte, error) {
	start := offset(src, line, col)
	if start < 0 || start >= len(src) || src[start] != '"' {
		return nil, errors.New("the item is not where the inventory was read; run handbook attest again")
	}
	var parts []string
	for _, f := range fields(a) {
		parts = append(parts, `"`+f[0]+`": `+f[1])
	}
	value := []byte("{" + strings.Join(parts, ", ") + "}")
	// Walk the object's keys at its own level.
	i, lastEnd := start, -1
	for i < len(src) && src[i] == '"' {
		keyEnd := skipValue(src, i)
		key, _ := strconv.Unquote(string(src[i:keyEnd]))
		j := skipSpace(src, keyEnd)
		if j >= len(src) || src[j] != ':' {
			return nil, errors.New("the item's object could not be read")
		}
		v := skipSpace(src, j+1)
		vEnd := skipValue(src, v)
		if key == "attested" {
			return slices.Concat(src[:v], value, src[vEnd:]), nil
		}
		lastEnd = vEnd
		i = skipSpace(src, vEnd)
		if i < len(src) && src[i] == ',' {
			i = skipSpace(src, i+1)
			continue
		}
		break
	}
	if i >= len(src) || src[i] != '}' || lastEnd < 0 {
		return nil, errors.New("the item's object could not be read")
	}
	// The separator and indentation of the first key, repeated.
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	sep := []byte(", ")
	if onlySpace(src[lineStart:start]) {
		eol := "\n"
		if lineStart >= 2 && src[lineStart-2] == '\r' {
			eol = "\r\n"
		}
		sep = []byte("," + eol + string(src[lineStart:start]))
	}
	return slices.Concat(src[:lastEnd], sep, []byte(`"attested": `), value, src[lastEnd:]), nil
}

func onlySpace(b []byte) bool { return len(bytes.Trim(b, " \t")) == 0 }

// editCSV sets the attestation's columns in the row of id, adding the
// columns the file lacks (empty in the other rows).
func editCSV(src []byte, id string, a inventory.Attestation) ([]byte, error) {
	bom := bytes.HasPrefix(src, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, rec)
	}
	if len(rows) == 0 {
		return nil, errors.New("the file has no header row")
	}
	header := rows[0]
	column := func(name string) int {
		for i, h := range header {
			if strings.TrimSpace(h) == name {
				return i
			}
		}
		header = append(header, name)
		return len(header) - 1
	}
	idCol := column("id")
	values := map[string]string{"attested": a.On.Format(time.DateOnly), "attested_by": a.By}
	if !a.Needed {
		values["attested_needed"] = "false"
	}
	if len(a.Owners) > 0 {
		values["attested_owners"] = strings.Join(a.Owners, ";")
	}
	if a.HasMembers {
		values["attested_members"] = strconv.Itoa(a.Members)
	}
	if a.Sharing != "" {
		values["attested_sharing"] = a.Sharing
	}
	set := map[int]string{}
	for _, name := range []string{"attested", "attested_by", "attested_needed", "attested_owners", "attested_members", "attested_sharing"} {
		v, ok := values[name]
		if !ok {
			// Clear a column the file has, from an earlier attestation.
			for i, h := range header {
				if strings.TrimSpace(h) == name {
					set[i] = ""
				}
			}
			continue
		}
		set[column(name)] = v
	}
	rows[0] = header
	found := false
	for r := 1; r < len(rows); r++ {
		row := rows[r]
		if idCol >= len(row) || strings.TrimSpace(row[idCol]) != id {
			continue
		}
		found = true
		for i, v := range set {
			for len(row) <= i {
				row = append(row, "")
			}
			row[i] = v
		}
		rows[r] = row
	}
	if !found {
		return nil, fmt.Errorf("no row with id %s", id)
	}
	for i := range rows {
		for len(rows[i]) < len(header) && (i == 0 || len(rows[i]) > 1 || rows[i][0] != "") {
			rows[i] = append(rows[i], "")
		}
	}
	var b bytes.Buffer
	if bom {
		b.WriteString("\ufeff")
	}
	w := csv.NewWriter(&b)
	w.UseCRLF = bytes.Contains(src, []byte("\r\n"))
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
