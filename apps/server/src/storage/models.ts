import type { Connection, Model, Schema } from 'mongoose';

/** The connection's model `name`, compiled from `schema` on first use (a connection holds each name once). */
export function modelOf<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}
