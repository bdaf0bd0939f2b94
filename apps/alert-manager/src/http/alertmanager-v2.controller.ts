import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { MessageValidationError, parseMessage, SilenceCreate, type SilenceView } from '@warden/contracts';
import { isResolved } from '../domain/alert';
import { InvalidMatcherError, Matcher } from '../domain/matcher';
import { matchRoutes } from '../routing/route';
import { AlertManagerEngine } from '../engine/alert-manager-engine';
import { OperatorRequestError } from '../engine/operator-commands';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

interface V2Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

interface GettableSilence {
  id: string;
  status: { state: string };
  updatedAt: string;
  matchers: V2Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/**
 * The part of Alertmanager's v2 HTTP API that amtool and Grafana's Alertmanager data source use:
 * alerts, silences, status, receivers, in Alertmanager's JSON shapes. Bad input is a 400 with the reason
 * as the body, as Alertmanager answers.
 */
@Controller('api/v2')
export class AlertmanagerV2Controller {
  constructor(@Inject(AlertManagerEngine) private readonly engine: AlertManagerEngine) {}

  @Get('alerts')
  alerts(
    @Query('filter') filter?: string | string[],
    @Query('active') active?: string,
    @Query('silenced') silenced?: string,
    @Query('inhibited') inhibited?: string,
    @Query('receiver') receiver?: string,
  ): unknown[] {
    const matchers = this.filterOf(filter);
    const receiverPattern = receiver ? this.regexOf(receiver) : undefined;
    const want = {
      active: flag(active, 'active'),
      silenced: flag(silenced, 'silenced'),
      inhibited: flag(inhibited, 'inhibited'),
    };
    const now = Date.now();
    const mute = this.engine.state.muteStates(now);
    const result: unknown[] = [];
    for (const alert of this.engine.state.alerts.values()) {
      if (isResolved(alert, now)) continue;
      if (!matchers.every((matcher) => matcher.matches(alert.labels))) continue;
      const { silencedBy, inhibitedBy } = mute(alert);
      const isSilenced = silencedBy.length > 0;
      const isInhibited = inhibitedBy.length > 0;
      if (!want.silenced && isSilenced) continue;
      if (!want.inhibited && isInhibited) continue;
      if (!want.active && !isSilenced && !isInhibited) continue;
      const receivers = [
        ...new Set(matchRoutes(this.engine.config.route, alert.labels).map((route) => route.receiver)),
      ];
      if (receiverPattern && !receivers.some((name) => receiverPattern.test(name))) continue;
      result.push({
        labels: { ...alert.labels },
        annotations: { ...alert.annotations },
        startsAt: new Date(alert.startsAt).toISOString(),
        endsAt: new Date(alert.endsAt ?? alert.updatedAt + this.engine.config.resolveTimeoutMs).toISOString(),
        updatedAt: new Date(alert.updatedAt).toISOString(),
        fingerprint: alert.fingerprint,
        generatorURL: `${this.engine.config.externalUrl}/api/v2/alerts?filter=${encodeURIComponent(`fingerprint="${alert.fingerprint}"`)}`,
        receivers: receivers.map((name) => ({ name })),
        status: {
          state: isSilenced || isInhibited ? 'suppressed' : 'active',
          silencedBy,
          inhibitedBy,
          mutedBy: [],
        },
      });
    }
    return result;
  }

  @Get('silences')
  silences(@Query('filter') filter?: string | string[]): GettableSilence[] {
    const matchers = this.filterOf(filter);
    return this.engine.commands
      .listSilences({ includeExpired: true })
      .silences.filter((silence) =>
        matchers.every((matcher) =>
          silence.matchers.some((m) => m.name === matcher.name && matcher.matches({ [m.name]: m.value })),
        ),
      )
      .map(gettableSilenceOf);
  }

  @Post('silences')
  @HttpCode(HttpStatus.OK)
  async postSilence(@Body() body: unknown): Promise<{ silenceID: string }> {
    const request = this.silenceRequestOf(body);
    const view = await this.answering(() => this.engine.commands.createSilence(request));
    return { silenceID: view.silenceId };
  }

  @Get('silence/:id')
  silence(@Param('id') id: string): GettableSilence {
    return gettableSilenceOf(this.answeringSync(() => this.engine.commands.getSilence(id)));
  }

  @Delete('silence/:id')
  async deleteSilence(@Param('id') id: string): Promise<Record<string, never>> {
    await this.answering(() => this.engine.commands.expireSilence(id));
    return {};
  }

  @Get('receivers')
  receivers(): { name: string }[] {
    return [...this.engine.config.receivers.keys()].map((name) => ({ name }));
  }

  @Get('status')
  status(): unknown {
    const peers = this.engine.peers();
    return {
      cluster: {
        name: process.env.SERVICE_INSTANCE_ID ?? 'alert-manager',
        status: 'ready',
        peers: peers.map((name) => ({ name, address: name })),
      },
      versionInfo: {
        version,
        revision: 'warden',
        branch: 'main',
        buildUser: 'warden',
        buildDate: '',
        goVersion: `node ${process.versions.node}`,
      },
      config: { original: this.engine.config.original },
      uptime: new Date(this.engine.uptimeStartedAt).toISOString(),
    };
  }

  private silenceRequestOf(body: unknown): SilenceCreate {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badRequest('the body must be a JSON object (a postableSilence)');
    const { id, matchers, ...rest } = body as Record<string, unknown>;
    const plain = {
      ...rest,
      ...(id !== undefined && id !== '' ? { silenceId: id } : {}),
      matchers: Array.isArray(matchers)
        ? matchers.map((m: unknown) =>
            typeof m === 'object' && m !== null ? { isEqual: true, ...(m as Record<string, unknown>) } : m,
          )
        : matchers,
    };
    try {
      return parseMessage(SilenceCreate, plain);
    } catch (error) {
      if (error instanceof MessageValidationError)
        throw badRequest(error.issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; '));
      throw error;
    }
  }

  private filterOf(filter: string | string[] | undefined): Matcher[] {
    const texts = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
    return texts.map((text) => {
      try {
        return Matcher.parse(text.replace(/^\{|\}$/g, ''));
      } catch (error) {
        if (error instanceof InvalidMatcherError) throw badRequest(error.message);
        throw error;
      }
    });
  }

  private regexOf(text: string): RegExp {
    try {
      return new RegExp(`^(?:${text})$`);
    } catch {
      throw badRequest(`receiver is not a valid regular expression: ${text}`);
    }
  }

  private async answering<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw httpErrorOf(error);
    }
  }

  private answeringSync<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw httpErrorOf(error);
    }
  }
}

function flag(value: string | undefined, name: string): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`${name} must be true or false`);
}

function badRequest(reason: string): HttpException {
  return new HttpException(reason, HttpStatus.BAD_REQUEST);
}

function httpErrorOf(error: unknown): unknown {
  if (error instanceof OperatorRequestError)
    return new HttpException(
      error.message,
      error.kind === 'not-found' ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
    );
  return error;
}

function gettableSilenceOf(view: SilenceView): GettableSilence {
  return {
    id: view.silenceId,
    status: { state: view.state },
    updatedAt: view.updatedAt,
    matchers: view.matchers.map((m) => ({ ...m })),
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    createdBy: view.createdBy,
    comment: view.comment,
  };
}
