import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Request } from '@warden/messaging';
import { BenchProbe } from '../messages/bench-probe.message';

export const WARDEN_ECHO_SUBJECT = 'bench.warden-nest.echo';

/** Returns the validated probe unchanged, through libs/messaging's NestJS transport. */
@Controller()
export class WardenEchoController {
  @Request(WARDEN_ECHO_SUBJECT, BenchProbe)
  echo(@Payload() probe: BenchProbe): BenchProbe {
    return probe;
  }
}
