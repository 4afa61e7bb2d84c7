import { connect } from './connect';
import { RestError } from './rest-error';

/** A fetch that records each request and answers with `body` and `status`. */
function recordingFetch(status: number, body: unknown) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetchImpl = async (input: URL | RequestInfo, init?: RequestInit) => {
    requests.push({ url: String(input), headers: init?.headers as Record<string, string> });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetchImpl: fetchImpl as typeof fetch };
}

describe('RestClient', () => {
  it('v3.read sends the reading options and returns the result', async () => {
    const { requests, fetchImpl } = recordingFetch(200, { status: 200, result: { eventType: 'Note', date: 1 } });
    const client = connect({ baseUrl: 'http://ns.example/', secretHash: 'a'.repeat(40), fetch: fetchImpl });
    expect(await client.rest.v3.read('treatments', 'id/1', { fields: 'eventType,date' })).toEqual({ eventType: 'Note', date: 1 });
    expect(requests).toEqual([{ url: 'http://ns.example/api/v3/treatments/id%2F1?fields=eventType%2Cdate', headers: { accept: 'application/json', 'api-secret': 'a'.repeat(40) } }]);
  });

  it('throws RestError with the status and the server message outside 2xx', async () => {
    const { fetchImpl } = recordingFetch(410, { status: 410 });
    const client = connect({ baseUrl: 'http://ns.example', fetch: fetchImpl });
    const error = await client.rest.v3.read('treatments', 'gone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ status: 410, body: { status: 410 }, message: 'HTTP 410' });
  });
});
