import { Body, Controller, Delete, Get, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { PERMISSIONS, RoleDto, SubjectDto } from '@nightscout/protocol';
import { ObjectId } from 'mongodb';
import { badRequest, unauthorized } from '../http/nightscout-error';
import { validatedBody } from '../http/validated-body';
import { AuthStore } from './auth-store';
import { AuthService, grants, type Authorization } from './auth.service';
import { CurrentAuth, PermissionsGuard, RequirePermissions } from './permissions.guard';
import { JsonBody, Operation, arrayOf, dtoRef, ok, status, v1Error } from '../contracts/openapi-decorators';

const JWT = { type: 'object', properties: { token: { type: 'string' }, sub: { type: 'string' }, permissionGroups: { type: 'array', items: { type: 'array', items: { type: 'string' } } }, iat: { type: 'integer' }, exp: { type: 'integer' } }, required: ['token', 'sub', 'iat', 'exp'] };
const SECTION = 'api-v1.md §3.8';
const badId = v1Error(400, 'Invalid _id format: not a 24-hex string');
const badBody = v1Error(400, 'Bad request body: the problems, one by one');

const objectId = (value: string) => {
  if (!ObjectId.isValid(value) || !/^[0-9a-fA-F]{24}$/.test(value)) throw badRequest('Invalid _id format', `Must be 24-character hex string. Got: ${value}`);
  return new ObjectId(value);
};

/** `/api/v2/authorization`: JWTs for access tokens, and the administration of subjects and roles. */
@Controller('api/v2/authorization')
@UseGuards(PermissionsGuard)
export class AuthorizationController {
  constructor(
    private readonly auth: AuthService,
    private readonly store: AuthStore,
  ) {}

  /** No permission needed; the failed-attempt delay applies here too (the reference had none, V1-W3). */
  @Get('request/:accessToken')
  @Operation('Exchange an access token for a JWT (8 hours)', 'api-v1.md §3.4', ok('The JWT', JWT), v1Error(401, 'Not an access token of a subject'))
  async requestJwt(@Param('accessToken') accessToken: string, @Req() req: Request) {
    const resolution = await this.auth.resolve({ token: accessToken, tokenMayBeAccessToken: true, ip: req.ip });
    if (!resolution.ok || !resolution.auth.subject) throw unauthorized();
    return this.auth.issueJwt(resolution.auth.subject);
  }

  @Get('subjects')
  @Operation('List the subjects with their access tokens', SECTION, ok('The subjects', arrayOf({ allOf: [dtoRef(SubjectDto), { type: 'object', properties: { accessToken: { type: 'string' } } }] })))
  @RequirePermissions(PERMISSIONS.subjectsRead)
  subjects() {
    return this.store.listSubjects().map(({ _id, name, accessToken, roles, notes, created_at }) => ({ _id, name, accessToken, roles, notes, created_at }));
  }

  @Post('subjects')
  @JsonBody(dtoRef(SubjectDto))
  @Operation('Create a subject (its access token is derived from its name and id)', SECTION, status(201, 'The stored subject', dtoRef(SubjectDto)), badBody, badId)
  @RequirePermissions(PERMISSIONS.subjectsCreate)
  createSubject(@Body() body: unknown) {
    const { _id, ...subject } = validatedBody(SubjectDto, body);
    return this.store.saveSubject({ ...subject, _id: _id ? objectId(_id) : undefined, created_at: subject.created_at ?? new Date().toISOString() });
  }

  @Put('subjects')
  @JsonBody(dtoRef(SubjectDto))
  @Operation('Replace a subject by `_id`', SECTION, ok('The stored subject', dtoRef(SubjectDto)), badBody, badId)
  @RequirePermissions(PERMISSIONS.subjectsUpdate)
  updateSubject(@Body() body: unknown) {
    const { _id, ...subject } = validatedBody(SubjectDto, body);
    if (!_id) throw badRequest('Missing _id for update');
    return this.store.saveSubject({ ...subject, _id: objectId(_id), created_at: subject.created_at ?? new Date().toISOString() });
  }

  @Delete('subjects/:id')
  @Operation('Delete a subject', SECTION, ok('Deleted (also when it did not exist)', { type: 'object' }), badId)
  @RequirePermissions(PERMISSIONS.subjectsDelete)
  async deleteSubject(@Param('id') id: string) {
    await this.store.deleteSubject(objectId(id));
    return {};
  }

  @Get('roles')
  @Operation('List the roles, built-in ones included', SECTION, ok('The roles', arrayOf(dtoRef(RoleDto))))
  @RequirePermissions(PERMISSIONS.rolesList)
  roles() {
    return this.store.listRoles();
  }

  @Post('roles')
  @JsonBody(dtoRef(RoleDto))
  @Operation('Create a role', SECTION, status(201, 'The stored role', dtoRef(RoleDto)), badBody, badId)
  @RequirePermissions(PERMISSIONS.rolesCreate)
  createRole(@Body() body: unknown) {
    const { _id, ...role } = validatedBody(RoleDto, body);
    return this.store.saveRole({ ...role, _id: _id ? objectId(_id) : undefined, created_at: role.created_at ?? new Date().toISOString() });
  }

  @Put('roles')
  @JsonBody(dtoRef(RoleDto))
  @Operation('Replace a role by `_id`', SECTION, ok('The stored role', dtoRef(RoleDto)), badBody, badId)
  @RequirePermissions(PERMISSIONS.rolesUpdate)
  updateRole(@Body() body: unknown) {
    const { _id, ...role } = validatedBody(RoleDto, body);
    if (!_id) throw badRequest('Missing _id for update');
    return this.store.saveRole({ ...role, _id: objectId(_id) });
  }

  @Delete('roles/:id')
  @Operation('Delete a role', SECTION, ok('Deleted (also when it did not exist)', { type: 'object' }), badId)
  @RequirePermissions(PERMISSIONS.rolesDelete)
  async deleteRole(@Param('id') id: string) {
    await this.store.deleteRole(objectId(id));
    return {};
  }

  /** `{"check":true}` when the caller holds the permission in the path, 401 otherwise. */
  @Get('debug/check/:permission')
  @Operation('Whether the credentials hold a permission', SECTION, ok('`{"check": true}`', { type: 'object', properties: { check: { const: true } } }), v1Error(401, 'They do not'))
  check(@Param('permission') permission: string, @CurrentAuth() auth: Authorization | null) {
    if (!auth || !grants(auth, permission)) throw unauthorized();
    return { check: true };
  }
}
