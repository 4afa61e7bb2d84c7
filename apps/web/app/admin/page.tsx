import { AdminPage } from '../../src/admin/admin-page';

export default function Page() {
  return <AdminPage />;
}
