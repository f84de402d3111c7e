import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error';
import { VOCABULARIES, type Vocabulary } from '../../vocabulary';

/**
 * The header a client sends to choose the words it is answered in, whatever the API's setting.
 * The setting (CONVEYOR_API_VOCABULARY) is what unchanged old clients need, since they cannot add
 * a header; the header is what keeps Conveyor's own CLI, typed client and dashboard on Conveyor's
 * words on an API that speaks the old ones.
 */
export const VOCABULARY_HEADER = 'conveyor-vocabulary';

declare module 'fastify' {
  interface FastifyRequest {
    /** The words this request is answered in, and reads its status filters in. */
    vocabulary: Vocabulary;
  }
}

/** Sets `request.vocabulary` from the header, else from the setting; an unknown header value is a 400. */
export function installRequestVocabulary(app: FastifyInstance, setting: Vocabulary): void {
  app.decorateRequest('vocabulary', setting);
  app.addHook('onRequest', (request, _reply, done) => {
    const asked = request.headers[VOCABULARY_HEADER];
    if (asked === undefined) {
      request.vocabulary = setting;
      done();
      return;
    }
    const value = (Array.isArray(asked) ? asked.join(',') : asked).trim().toLowerCase();
    if (!(VOCABULARIES as readonly string[]).includes(value)) {
      throw new ApiError(400, 'invalid_request', `${VOCABULARY_HEADER}: must be one of ${VOCABULARIES.join(', ')}`, {
        fields: [{ field: `headers.${VOCABULARY_HEADER}`, message: `must be one of ${VOCABULARIES.join(', ')}` }],
      });
    }
    request.vocabulary = value as Vocabulary;
    done();
  });
}
