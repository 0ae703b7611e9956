package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// Notify configures handbook notify (the notify: section): which due
// dates a digest holds, how often a reminder may repeat, and how digests
// reach their owners: by mail, or to a Teams channel for the owners
// Channels names. Credentials and webhook addresses are never written
// here: only the names of the environment variables that hold them.
type Notify struct {
	// Within: a digest holds what falls due within this interval, and
	// everything overdue. Every: a reminder of one due date is not sent
	// to one recipient again within this interval.
	Within, Every source.Interval
	SMTP          SMTP
	// Channels maps an owner (an address or a group) to the variable
	// holding the Teams Workflows webhook of the channel their digest
	// goes to instead of mail.
	Channels map[string]string
	// Line is where notify: is, for messages about it.
	Line int
}

// SMTP is the mail server notify sends through, with STARTTLS.
type SMTP struct {
	Host                     string
	Port                     int
	From                     string
	UsernameEnv, PasswordEnv string
	// CAFile is a certificate authority to trust besides the system's
	// (a company's own mail relay).
	CAFile string
}

// DefaultNotify is the notify policy without a notify: section.
func DefaultNotify() Notify {
	return Notify{Within: source.Interval{N: 14, Unit: 'd'}, Every: source.Interval{N: 7, Unit: 'd'}, SMTP: SMTP{Port: 587}}
}

var (
	notifyKeys = sectionKeys("notify")
	smtpKeys   = []string{"host", "port", "from", "username_env", "password_env", "ca_file"}
)

func unknownIn(section string, e yamlx.Entry, keys []string) error {
	msg := fmt.Sprintf("unknown key %q; known keys are: %s", section+"."+e.Key, strings.Join(keys, ", "))
	if near, ok := suggest.Closest(e.Key, keys); ok {
		msg = fmt.Sprintf("unknown key %q; did you mean %s?", section+"."+e.Key, near)
	}
	return &yamlx.Error{Line: e.Line, Col: e.Col, Msg: msg}
}

// envRE matches the name of an environment variable.
var envRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envName reads the name of an environment variable.
func envName(e yamlx.Entry, what string) (string, error) {
	s, err := e.String()
	if err == nil && !envRE.MatchString(s) {
		err = e.Errorf("%s must name an environment variable (such as SMTP_PASSWORD), not hold the secret itself", what)
	}
	return s, err
}

func notifySection(e yamlx.Entry) (Notify, error) {
	n := DefaultNotify()
	n.Line = e.Line
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return n, e.Errorf("notify must be a mapping such as {within: 14d, smtp: {host: smtp.example.com, from: web-ops@example.com}}")
	}
	interval := func(e yamlx.Entry) (source.Interval, error) {
		s, err := e.String()
		if err != nil {
			return source.Interval{}, e.Errorf("notify.%s must be an interval such as 14d", e.Key)
		}
		iv, err := source.ParseInterval(s)
		if err != nil {
			return iv, e.Errorf("notify.%s: %v", e.Key, err)
		}
		return iv, nil
	}
	for _, ne := range entries {
		switch ne.Key {
		case "within":
			n.Within, err = interval(ne)
		case "every":
			n.Every, err = interval(ne)
		case "smtp":
			n.SMTP, err = smtpSection(ne)
		case "channels":
			var sub []yamlx.Entry
			if sub, err = yamlx.Entries(ne.Value); err != nil {
				err = ne.Errorf("notify.channels must map an owner to the variable holding their channel's webhook, e.g. {servicedesk: TEAMS_SERVICEDESK_WEBHOOK}")
				break
			}
			n.Channels = map[string]string{}
			for _, ce := range sub {
				if n.Channels[ce.Key], err = envName(ce, "notify.channels."+ce.Key); err != nil {
					break
				}
			}
		default:
			err = unknownIn("notify", ne, notifyKeys)
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func smtpSection(e yamlx.Entry) (SMTP, error) {
	s := SMTP{Port: 587}
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return s, e.Errorf("notify.smtp must be a mapping such as {host: smtp.example.com, from: web-ops@example.com}")
	}
	for _, se := range entries {
		switch se.Key {
		case "host":
			s.Host, err = se.String()
		case "port":
			if s.Port, err = se.Int(); err == nil && (s.Port < 1 || s.Port > 65535) {
				err = se.Errorf("notify.smtp.port must be a port number, such as 587")
			}
		case "from":
			if s.From, err = se.String(); err == nil && !strings.Contains(s.From, "@") {
				err = se.Errorf("notify.smtp.from must be the sender's address, such as web-ops@example.com")
			}
		case "username_env":
			s.UsernameEnv, err = envName(se, "notify.smtp.username_env")
		case "password_env":
			s.PasswordEnv, err = envName(se, "notify.smtp.password_env")
		case "ca_file":
			s.CAFile, err = se.String()
		default:
			err = unknownIn("notify.smtp", se, smtpKeys)
		}
		if err != nil {
			return s, err
		}
	}
	if s.Host == "" || s.From == "" {
		return s, e.Errorf("notify.smtp needs host and from, e.g. {host: smtp.office365.com, from: web-ops@example.com}")
	}
	return s, nil
}
