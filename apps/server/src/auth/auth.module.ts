import { Global, Module } from '@nestjs/common';
import { AuthStore } from './auth-store';
import { AuthService } from './auth.service';
import { AuthorizationController } from './authorization.controller';
import { PermissionsGuard } from './permissions.guard';

/** Authentication and authorization for every transport: one resolver, one store of subjects and roles. */
@Global()
@Module({
  controllers: [AuthorizationController],
  providers: [AuthStore, AuthService, PermissionsGuard],
  exports: [AuthService, AuthStore, PermissionsGuard],
})
export class AuthModule {}
