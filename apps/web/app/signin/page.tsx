import { SignInPage } from '../../src/signin/signin-form';

export default function Page() {
  return <SignInPage />;
}
