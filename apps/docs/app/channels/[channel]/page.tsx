import type { Metadata } from 'next';
import Link from 'next/link';
import { ExampleCode, exampleId } from '../../../src/components/page';
import { SchemaList, SchemaView, TypeOf } from '../../../src/components/schema-view';
import { asyncApi, channelEvents, referencedSchemas, type ChannelEvent } from '../../../src/contracts';
import { examplesOf, type Example } from '../../../src/examples';
import { Markdown, Table } from '../../../src/components/table';

type Params = { params: Promise<{ channel: string }> };

const KEYS = ['legacy', 'storage', 'alarm'];
const REFS = '#schema-';

export const dynamicParams = false;
export const generateStaticParams = () => KEYS.map((channel) => ({ channel }));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Channel ${asyncApi().channels[(await params).channel].address}` };
}


function Permission({ event }: { event: ChannelEvent }) {
  return (
    <>
      {event.permission.permission ? <code>{event.permission.permission}</code> : 'none'}
    </>
  );
}

function EventSection({ event, examples, schemes }: { event: ChannelEvent; examples: Example[]; schemes: Record<string, { description: string }> }) {
  const inbound = event.direction === 'client-to-server';
  return (
    <section className="event" id={`event-${event.name}`}>
      <h3>
        <code>{event.name}</code> ({inbound ? 'client → server' : 'server → client'})
      </h3>
      <p>
        <Markdown markdown={event.summary} />.{event.description && <> <Markdown markdown={event.description} /></>}
      </p>
      <h4>Payload</h4>
      {event.payload ? <SchemaView schema={event.payload} refBase={REFS} /> : <p>None.</p>}
      {inbound && (
        <>
          <h4>Acknowledgement</h4>
          {event.ack ? <SchemaView schema={event.ack} refBase={REFS} /> : <p>None: the event is never acknowledged.</p>}
        </>
      )}
      <h4>{inbound ? 'Permission' : 'Who receives it'}</h4>
      <p>
        <Permission event={event} />: <Markdown markdown={event.permission.description} />
      </p>
      {event.rateLimit && (
        <>
          <h4>Rate limit</h4>
          <p>
            <code>{event.rateLimit.bucket}</code>, set with <Link href={`/configuration#env-${event.rateLimit.variable}`}>{event.rateLimit.variable}</Link>. <Markdown markdown={event.rateLimit.description} />
          </p>
        </>
      )}
      {event.credentials && (
        <>
          <h4>Credentials</h4>
          <ul>
            {Object.entries(event.credentials).map(([field, kinds]) => (
              <li key={field}>
                <code>{field}</code>: {kinds.map((k, i) => <span key={k}>{i > 0 ? ' or ' : ''}<Markdown markdown={schemes[k].description} /></span>)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        Example:{' '}
        {examples.map((e, i) => (
          <span key={e.file}>
            {i > 0 ? ', ' : ''}
            <a href={`#${exampleId(e)}`}>{e.file}</a>
          </span>
        ))}
      </p>
    </section>
  );
}

/** A channel's events, generated from the AsyncAPI document; its examples are run by the tests against a server. */
export default async function ChannelPage({ params }: Params) {
  const key = (await params).channel;
  const document = asyncApi();
  const channel = document.channels[key];
  const events = channelEvents(document, key);
  const examples = examplesOf(key);
  const schemas = referencedSchemas(document.components.schemas, events.flatMap((e) => [e.payload, e.ack]));
  const examplesFor = (event: string) => examples.filter((e) => e.events.includes(event));
  return (
    <article>
      <h1>
        Channel <code>{channel.address}</code>: {channel.title}
      </h1>
      <p>
        <Markdown markdown={channel.description} />
      </p>
      <p className="source">
        Generated from the AsyncAPI document (<a href="/api/asyncapi.json">/api/asyncapi.json</a>), which the server builds from the channel contracts of{' '}
        <code>libs/protocol/src/channels</code>. Every example below runs in the tests against a server started with <code>ALARM_TYPES=simple</code> and{' '}
        <code>ENABLE=careportal</code>.
      </p>
      <h2 id="events">Events</h2>
      <Table
        head={['Event', 'Direction', 'Payload', 'Acknowledgement', 'Permission', 'Rate limit']}
        rows={events.map((e) => ({
          key: e.name,
          cells: [
            <a key="event" href={`#event-${e.name}`}>
              <code>{e.name}</code>
            </a>,
            e.direction === 'client-to-server' ? 'client → server' : 'server → client',
            e.payload ? <TypeOf key="payload" schema={e.payload} refBase={REFS} /> : 'none',
            e.direction === 'server-to-client' ? '—' : e.ack ? <TypeOf key="ack" schema={e.ack} refBase={REFS} /> : 'none',
            <Permission key="permission" event={e} />,
            e.rateLimit ? `${e.rateLimit.perSocket ?? 'off'} per socket / ${e.rateLimit.windowSeconds} s` : '—',
          ],
        }))}
      />
      <h2 id="reference">Event reference</h2>
      {events.map((e) => (
        <EventSection key={e.name} event={e} examples={examplesFor(e.name)} schemes={document.components.securitySchemes} />
      ))}
      <h2 id="examples">Examples</h2>
      <p>
        Node 20 or later with <code>socket.io-client</code> 4 (<code>npm install socket.io-client</code>). Each prints what it receives, one line per event:
        the event name and its payload as JSON.
      </p>
      {examples.map((e) => (
        <ExampleCode key={e.file} example={e} />
      ))}
      <h2 id="schemas">Schemas</h2>
      <SchemaList names={schemas} schemas={document.components.schemas} refBase={REFS} />
    </article>
  );
}
