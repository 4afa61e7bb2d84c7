import { parseFragment } from 'parse5';

/**
 * Known XSS vectors: event handlers without quotes or spaces, entity-encoded and obfuscated URL
 * schemes, SVG/MathML animation and breakout, nested and broken tags, parser differentials
 * (comments, raw-text elements) and `srcdoc`.
 */
export const XSS_VECTORS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img/src/onerror=alert(1)>',
  '<img src=x oNeRrOr=alert(1)>',
  '<img src="x" onerror="alert(1)"',
  '<svg/onload=alert(1)>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><set onbegin=alert(1) attributeName=x to=1>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
  '<svg><title><img src=x onerror=alert(1)></title></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a onmouseover=alert(1)>x</a>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<video><source onerror=alert(1)></video>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="jav&#x61;script:alert(1)">x</a>',
  '<a href="java&#9;script:alert(1)">x</a>',
  '<a href="jav&NewLine;ascript:alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<style>@import "javascript:alert(1)";</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p><b><i><script>alert(1)</script></i></b></p>',
  '<b><i>unclosed <img src=x onerror=alert(1)',
  '<<script>script>alert(1)<</script>/script>',
  '<!--><img src=x onerror=alert(1)>-->',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><img src=x onerror=alert(1)></template>',
  '<none onclick=alert(1)>x',
  '<none><img src=x onerror=alert(1)>',
  '<NONE><script>alert(1)</script>',
];

/** Text clients send that must be stored exactly as sent. */
export const ORDINARY_STRINGS: readonly string[] = [
  '<none>',
  'a < b',
  'BG < 70',
  'BG <70 & falling',
  'x > y',
  'Tom & Jerry',
  '&amp; &lt; are entities',
  'carbs: 20g (snack) <3',
  'Meal Bolus',
  '"quoted" and \'single\'',
  'line\nbreak\ttab',
  'ünïcödé 💉',
  '',
];

/** Elements that run, load or restyle something whatever their attributes. */
const ACTIVE_ELEMENTS = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'meta', 'base', 'svg', 'math', 'template', 'form', 'isindex', 'noscript']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'codebase', 'content']);

interface Node {
  nodeName: string;
  attrs?: { name: string; prefix?: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

/**
 * What a browser would find active in `html` placed inside an element, as a spec-compliant parser
 * (parse5, scripting enabled) builds it: active elements, event handlers, `srcdoc`, `style`, and
 * script, data or vbscript URLs after entity decoding. Empty when the markup is inert.
 */
export function activeContent(html: string): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (ACTIVE_ELEMENTS.has(node.nodeName)) found.push(`<${node.nodeName}>`);
    for (const attr of node.attrs ?? []) {
      const name = (attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name).toLowerCase();
      // eslint-disable-next-line no-control-regex -- browsers ignore control characters and spaces in a URL scheme
      const url = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc' || name === 'style') found.push(`${node.nodeName}[${name}]`);
      else if (URL_ATTRIBUTES.has(name) && /(^|url=)(javascript|vbscript|data):/.test(url)) found.push(`${node.nodeName}[${name}=${attr.value}]`);
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parseFragment(`<div>${html}</div>`) as unknown as Node);
  return found;
}
