/** The write path and its projections (README.md "How a write travels"), drawn for the architecture page. */

const BOX_W = 150;
const BOX_H = 44;

interface Box {
  x: number;
  y: number;
  lines: string[];
}

const boxes: Record<string, Box> = {
  v1: { x: 10, y: 20, lines: ['HTTP API v1', 'POST/PUT/DELETE'] },
  v3: { x: 10, y: 110, lines: ['HTTP API v3', 'POST/PUT/PATCH/DELETE'] },
  socket: { x: 10, y: 200, lines: ['socket /', 'dbAdd, dbUpdate …'] },
  command: { x: 220, y: 110, lines: ['write command', 'validated, authorized'] },
  store: { x: 420, y: 110, lines: ['store (MongoDB)', 'srvModified, identifier'] },
  window: { x: 640, y: 20, lines: ['legacy data window', '→ / dataUpdate'] },
  broadcaster: { x: 640, y: 110, lines: ['storage broadcaster', '→ /storage create …'] },
  alarms: { x: 640, y: 200, lines: ['alarm engine', '→ /alarm (+ /storage, /)'] },
};

const right = (b: Box) => [b.x + BOX_W, b.y + BOX_H / 2] as const;
const left = (b: Box) => [b.x, b.y + BOX_H / 2] as const;

function Arrow({ from, to }: { from: readonly [number, number]; to: readonly [number, number] }) {
  const midX = (from[0] + to[0]) / 2;
  return <path d={`M${from[0]},${from[1]} C${midX},${from[1]} ${midX},${to[1]} ${to[0]},${to[1]}`} markerEnd="url(#arrow)" />;
}

export function WritePathDiagram() {
  const { v1, v3, socket, command, store, window, broadcaster, alarms } = boxes;
  return (
    <svg className="diagram" viewBox="0 0 800 270" role="img" aria-labelledby="write-path-title">
      <title id="write-path-title">
        Writes from API v1, API v3 and the legacy socket become one write command; the store publishes one DocumentsChangedEvent per change, which the legacy data
        window, the storage broadcaster and the alarm engine project onto the three socket channels.
      </title>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" />
        </marker>
      </defs>
      {[v1, v3, socket].map((b, i) => (
        <Arrow key={i} from={right(b)} to={left(command)} />
      ))}
      <Arrow from={right(command)} to={left(store)} />
      {[window, broadcaster, alarms].map((b, i) => (
        <Arrow key={i} from={right(store)} to={left(b)} />
      ))}
      <text x={store.x + BOX_W / 2} y={store.y + BOX_H + 22} textAnchor="middle">
        publishes one event
      </text>
      <text x={store.x + BOX_W / 2} y={store.y + BOX_H + 38} textAnchor="middle">
        per change
      </text>
      {Object.entries(boxes).map(([key, b]) => (
        <g key={key}>
          <rect x={b.x} y={b.y} width={BOX_W} height={BOX_H} rx={6} />
          {b.lines.map((line, i) => (
            <text key={i} x={b.x + BOX_W / 2} y={b.y + 18 + i * 16} textAnchor="middle">
              {line}
            </text>
          ))}
        </g>
      ))}
    </svg>
  );
}
