package diag

// Strict makes every warning of l an error, in place, and returns l:
// what --strict means, the same for every warning a build reports
// (broken links, misspelled keys, undeclared values, ...). Notes stay
// notes: they report what the build did on purpose.
func (l List) Strict() List {
	for i := range l {
		if l[i].Severity == Warning {
			l[i].Severity = Error
		}
	}
	return l
}
