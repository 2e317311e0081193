// The sort behind List<T>.Sort and Array.Sort: introsort-like (quicksort with median of three,
// insertion sort for short ranges, heapsort past a depth limit), so it is O(n log n) and unstable
// like .NET's.
namespace System.Collections.Generic
{
    internal static class ArraySort
    {
        public static void Sort<T>(T[] items, int start, int count, Comparer<T> comparer)
        {
            if (count < 2) return;
            int depth = 2 * Log2(count);
            IntroSort(items, start, start + count - 1, depth, comparer);
        }

        private static int Log2(int n) { int r = 0; while (n > 1) { n >>= 1; r++; } return r + 1; }

        private static void IntroSort<T>(T[] a, int lo, int hi, int depth, Comparer<T> c)
        {
            while (hi > lo)
            {
                if (hi - lo < 16) { InsertionSort(a, lo, hi, c); return; }
                if (depth-- == 0) { HeapSort(a, lo, hi, c); return; }
                int p = Partition(a, lo, hi, c);
                if (p - lo < hi - p) { IntroSort(a, lo, p - 1, depth, c); lo = p + 1; }
                else { IntroSort(a, p + 1, hi, depth, c); hi = p - 1; }
            }
        }

        private static int Partition<T>(T[] a, int lo, int hi, Comparer<T> c)
        {
            int mid = lo + (hi - lo) / 2;
            if (c.Compare(a[lo], a[mid]) > 0) Swap(a, lo, mid);
            if (c.Compare(a[lo], a[hi]) > 0) Swap(a, lo, hi);
            if (c.Compare(a[mid], a[hi]) > 0) Swap(a, mid, hi);
            Swap(a, mid, hi - 1);
            T pivot = a[hi - 1];
            int i = lo, j = hi - 1;
            while (true)
            {
                while (c.Compare(a[++i], pivot) < 0) { }
                while (j > lo && c.Compare(pivot, a[--j]) < 0) { }
                if (i >= j) break;
                Swap(a, i, j);
            }
            Swap(a, i, hi - 1);
            return i;
        }

        private static void InsertionSort<T>(T[] a, int lo, int hi, Comparer<T> c)
        {
            for (int i = lo + 1; i <= hi; i++)
            {
                T t = a[i];
                int j = i - 1;
                while (j >= lo && c.Compare(a[j], t) > 0) { a[j + 1] = a[j]; j--; }
                a[j + 1] = t;
            }
        }

        private static void HeapSort<T>(T[] a, int lo, int hi, Comparer<T> c)
        {
            int n = hi - lo + 1;
            for (int i = n / 2; i >= 1; i--) SiftDown(a, i, n, lo, c);
            for (int i = n; i > 1; i--) { Swap(a, lo, lo + i - 1); SiftDown(a, 1, i - 1, lo, c); }
        }

        private static void SiftDown<T>(T[] a, int i, int n, int lo, Comparer<T> c)
        {
            T d = a[lo + i - 1];
            while (i <= n / 2)
            {
                int child = 2 * i;
                if (child < n && c.Compare(a[lo + child - 1], a[lo + child]) < 0) child++;
                if (c.Compare(d, a[lo + child - 1]) >= 0) break;
                a[lo + i - 1] = a[lo + child - 1];
                i = child;
            }
            a[lo + i - 1] = d;
        }

        private static void Swap<T>(T[] a, int i, int j) { T t = a[i]; a[i] = a[j]; a[j] = t; }
    }
}
