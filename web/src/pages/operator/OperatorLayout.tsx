import { Outlet } from 'react-router';
import { RequireOperator } from '../../app/guards';
import { AppLayout } from '../../app/shell/AppLayout';
import { OperatorNav } from '../../app/shell/OperatorNav';

export function OperatorLayout() {
  return (
    <RequireOperator>
      <AppLayout nav={<OperatorNav />}>
        <Outlet />
      </AppLayout>
    </RequireOperator>
  );
}
