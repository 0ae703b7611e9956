package staticsafe

import (
	"regexp"
	"strings"
)

// svgElements are the SVG elements kept: shapes, text, structure,
// paint servers, clips, masks, markers, filters and the animations
// icon sets use. Left out: <script>, <handler>, <listener>, <iframe>,
// <cursor>, the <font-face-uri> family (external fonts) and anything
// unknown.
var svgElements = set(
	"svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "view",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "textPath",
	"a", "image", "foreignObject", "style",
	"linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
	"filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
	"feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
	"feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge",
	"feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
	"feSpotLight", "feTile", "feTurbulence",
	"animate", "animateTransform", "animateMotion", "set", "mpath",
)

// animations are kept only when they animate a presentation or geometry
// attribute: <set attributeName="href" to="javascript:..."> would make a
// link run script.
var animations = set("animate", "animateTransform", "animateMotion", "set")

func animatable(name string) bool {
	switch name {
	case "": // animateMotion moves; animateTransform names transform
		return true
	case "href", "xlink:href", "style", "class", "id":
		return false
	}
	return svgAttr(name) && !strings.HasPrefix(name, "on")
}

// svgAttrs are the unprefixed SVG attributes kept (href is checked as an
// address, every value for CSS url()s).
var svgAttrs = set(
	"id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "width", "height",
	"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points",
	"pathLength", "version", "baseProfile", "href", "target", "role", "focusable", "tabindex", "lang",
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
	"stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity", "color",
	"display", "visibility", "overflow", "clip", "clip-path", "clip-rule", "mask", "filter",
	"marker-start", "marker-mid", "marker-end", "paint-order", "vector-effect", "shape-rendering",
	"text-rendering", "image-rendering", "color-interpolation", "color-interpolation-filters",
	"color-rendering", "mix-blend-mode", "isolation", "pointer-events", "enable-background",
	"font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch",
	"font-size-adjust", "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift",
	"letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction", "unicode-bidi",
	"dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
	"gradientUnits", "gradientTransform", "spreadMethod", "offset", "stop-color", "stop-opacity",
	"patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
	"maskContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
	"filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator",
	"k1", "k2", "k3", "k4", "type", "values", "tableValues", "slope", "intercept", "amplitude",
	"exponent", "kernelMatrix", "order", "divisor", "bias", "targetX", "targetY", "edgeMode",
	"preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant", "specularExponent",
	"kernelUnitLength", "lighting-color", "flood-color", "flood-opacity", "scale",
	"xChannelSelector", "yChannelSelector", "radius", "azimuth", "elevation", "pointsAtX",
	"pointsAtY", "pointsAtZ", "limitingConeAngle", "baseFrequency", "numOctaves", "seed",
	"stitchTiles", "requiredFeatures", "requiredExtensions", "systemLanguage",
	"attributeName", "attributeType", "from", "to", "by", "dur", "begin", "end", "repeatCount",
	"repeatDur", "calcMode", "keyTimes", "keySplines", "keyPoints", "additive", "accumulate",
	"restart", "min", "max", "path", "zoomAndPan",
	// draw.io keeps the editable diagram in the root's content attribute;
	// Inkscape and Illustrator write these on the root.
	"content", "xml:space", "space",
)

func svgAttr(name string) bool {
	return svgAttrs[name] || strings.HasPrefix(name, "aria-") || strings.HasPrefix(name, "data-")
}

// htmlElements are the XHTML elements kept inside <foreignObject>: the
// formatted labels draw.io and Mermaid write there. No script, no
// frames, no forms, no <style> or <link>.
var htmlElements = set(
	"div", "span", "p", "br", "b", "i", "u", "s", "strike", "strong", "em", "font", "sub", "sup",
	"small", "big", "code", "pre", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr",
	"td", "th", "hr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "img", "a", "label",
)

var htmlAttrs = set(
	"style", "class", "id", "title", "lang", "dir", "align", "valign", "color", "face", "size",
	"colspan", "rowspan", "width", "height", "alt", "src", "href", "target", "border",
)

func htmlAttr(name string) bool {
	return htmlAttrs[name] || strings.HasPrefix(name, "aria-") || strings.HasPrefix(name, "data-")
}

// cssURL matches one url() of CSS, quoted or not.
var cssURL = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)

// cssLoaders are CSS constructs that load or run something other than a
// url() to a fragment or a data: image: a sheet that holds one is
// dropped whole. A backslash could spell any of them in escapes.
var cssLoaders = []string{"@import", "expression(", "behavior", "-moz-binding", "image-set(", "image(", "src(", "javascript:", `\`}

// cssProblem says what makes css unsafe, "" when it is safe: a url()
// may only name a fragment of the file (fill:url(#gradient)) or hold a
// data: image.
func cssProblem(css string) string {
	lower := strings.ToLower(css)
	for _, l := range cssLoaders {
		if strings.Contains(lower, l) {
			if l == `\` {
				return "a CSS escape"
			}
			return l
		}
	}
	if strings.Count(lower, "url(") != len(cssURL.FindAllStringIndex(css, -1)) {
		return "a url() handbook cannot read"
	}
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		u := normaliseURL(m[1] + m[2] + m[3])
		if strings.HasPrefix(u, "#") || (urlScheme(u) == "data" && dataImage(u)) {
			continue
		}
		return "the external reference url(" + shorten(u) + ")"
	}
	return ""
}
