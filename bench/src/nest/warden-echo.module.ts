import { Module } from '@nestjs/common';
import { WardenEchoController } from './warden-echo.controller';

@Module({ controllers: [WardenEchoController] })
export class WardenEchoModule {}
