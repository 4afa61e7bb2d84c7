import { ProfileEditor } from '../../src/profile/profile-editor';

export default function Page() {
  return <ProfileEditor />;
}
