import type { EmulatorResponse } from '../emulator/provider-routes.js';
import type { AzureData } from './emulator-data.js';
import { errorResponse, jsonResponse } from './emulator-responses.js';

/**
 * Scheduled events as a VM sees them: the data set's events minus those acknowledged with a
 * `POST {"StartRequests": [{"EventId": ...}]}`. Each acknowledgement that starts an event bumps
 * `DocumentIncarnation`, as a change of the document does on Azure. Acknowledgements outlive
 * data reloads, so a test can acknowledge and then edit the data file.
 */
export class ScheduledEventsState {
  readonly #started = new Set<string>();
  #bumps = 0;

  /** The GET answer for the current data set. */
  list(data: AzureData): EmulatorResponse {
    const { incarnation, events } = data.scheduledEvents;
    return jsonResponse({
      DocumentIncarnation: incarnation + this.#bumps,
      Events: events.filter((event) => !this.#started.has(event.EventId)),
    });
  }

  /** The POST answer: 200 with an empty body once the body parses, 400 otherwise. */
  acknowledge(data: AzureData, body: string): EmulatorResponse {
    const eventIds = parseStartRequests(body);
    if (eventIds === undefined) {
      return errorResponse(
        400,
        'Bad request. The body must be JSON of the form {"StartRequests": [{"EventId": "..."}]}',
      );
    }
    const pending = new Set(data.scheduledEvents.events.map((event) => event.EventId));
    const starting = eventIds.filter((id) => pending.has(id) && !this.#started.has(id));
    starting.forEach((id) => this.#started.add(id));
    if (starting.length > 0) this.#bumps += 1;
    return { status: 200, body: '' };
  }
}

function parseStartRequests(body: string): string[] | undefined {
  try {
    const parsed = JSON.parse(body) as { StartRequests?: unknown };
    if (!Array.isArray(parsed.StartRequests)) return undefined;
    const ids = parsed.StartRequests.map(
      (request: { EventId?: unknown } | null) => request?.EventId,
    );
    return ids.every((id) => typeof id === 'string') ? (ids as string[]) : undefined;
  } catch {
    return undefined;
  }
}
