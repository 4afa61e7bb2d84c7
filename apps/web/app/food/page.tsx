import { FoodEditor } from '../../src/food/food-editor';

export default function Page() {
  return <FoodEditor />;
}
