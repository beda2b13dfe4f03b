import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import { homeFor } from '@/lib/auth/roles';

export default async function Home() {
  const user = await currentUser();
  redirect(user ? homeFor(user.role) : '/login');
}
