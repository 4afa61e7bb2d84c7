export * from './commands/create-documents.command';
export * from './commands/replace-document.command';
export * from './commands/patch-document.command';
export * from './commands/unset-fields.command';
export * from './commands/delete-documents.command';
