import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * NestJS's default RPC filter replaces every non-RpcException with `{ status, message: 'Internal
 * server error' }`. The JetStream transport needs the original error — its message goes to the DLQ
 * and the remote error reply, and UnrecoverableMessageError / RequestRejectedError change what
 * happens — so Warden's handler decorators install this filter on their methods.
 */
@Catch()
export class PassThroughRpcFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
