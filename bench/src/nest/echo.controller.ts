import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

export const NEST_ECHO_PATTERN = 'bench.nest.echo';

/** Returns the request body unchanged, so the round trip measures the transport and nothing else. */
@Controller()
export class EchoController {
  @MessagePattern(NEST_ECHO_PATTERN)
  echo(@Payload() body: unknown): unknown {
    return body;
  }
}
