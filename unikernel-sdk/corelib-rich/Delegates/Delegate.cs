using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Runtime;
using Internal.Runtime;
using RuntimeHelpers = Bulkhead.Runtime.RuntimeHelpers;

namespace System
{
    /// <summary>
    /// Delegates for the rich profile, in NativeAOT's shape: ILCompiler lowers `new D(obj, &amp;M)` to an
    /// allocation plus a call of one of the Initialize* methods below (bound by name), generates each
    /// delegate type's Invoke as "call _methodPtr with _target as the first argument", and generates the
    /// per-type thunks returned by GetThunk. So:
    ///   closed instance   _target = obj,  _methodPtr = the method
    ///   open static       _target = this, _methodPtr = InvokeOpenStaticThunk, _extra = the static method
    ///   closed static     _target = this, _methodPtr = InvokeClosedStaticThunk, _extra = the method, _helperObject = arg0
    ///   multicast         _target = this, _methodPtr = InvokeMulticastThunk, _helperObject = Wrapper[], _extra = count
    /// The field names, their order (_target and _methodPtr are read at fixed offsets by the inlined
    /// Invoke) and the nested Wrapper struct are the compiler's contract.
    /// </summary>
    public abstract unsafe partial class Delegate
    {
        // Offsets fixed by ILCompiler 10's inlined Invoke: _target at 8, _methodPtr at 32 (auto layout
        // puts the two references first, then the two words, each in declaration order).
        private object? _target;
        private object? _helperObject;
        private nint _extraFunctionPointerOrData;
        private IntPtr _methodPtr;

        // One entry of a multicast invocation list (the multicast thunk indexes an array of these).
        private struct Wrapper
        {
            public Wrapper(Delegate value) { Value = value; }
            public Delegate Value;
        }

        private protected const int MulticastThunk = 0;
        private protected const int ClosedStaticThunk = 1;
        private protected const int OpenStaticThunk = 2;
        private protected const int ClosedInstanceThunkOverGenericMethod = 3;
        private protected const int OpenInstanceThunk = 4;
        private protected const int ObjectArrayThunk = 5;

        // Overridden by ILCompiler in every delegate type that is constructed.
        private protected virtual IntPtr GetThunk(int whichThunk) => IntPtr.Zero;

        // ILCompiler's fat function pointers (generic method + instantiation argument) have bit 1 set.
        private const nint FatFunctionPointerOffset = 2;
        private static bool IsFat(IntPtr functionPointer) => ((nint)functionPointer & FatFunctionPointerOffset) != 0;

        private void InitializeClosedInstance(object firstParameter, IntPtr functionPointer)
        {
            if (firstParameter == null) RuntimeFailure.NullReference();
            _methodPtr = functionPointer;
            _target = firstParameter;
        }

        private void InitializeClosedInstanceSlow(object firstParameter, IntPtr functionPointer)
        {
            if (firstParameter == null) RuntimeFailure.NullReference();
            SetClosedInstance(firstParameter, functionPointer);
        }

        private void SetClosedInstance(object firstParameter, IntPtr functionPointer)
        {
            if (!IsFat(functionPointer))
            {
                _methodPtr = functionPointer;
                _target = firstParameter;
            }
            else
            {
                _target = this;
                _methodPtr = GetThunk(ClosedInstanceThunkOverGenericMethod);
                _extraFunctionPointerOrData = functionPointer;
                _helperObject = firstParameter;
            }
        }

        // A delegate to a virtual generic method or an interface method: resolved now, for this object.
        private void InitializeClosedInstanceWithGVMResolution(object firstParameter, IntPtr dispatchCell)
        {
            if (firstParameter == null) RuntimeFailure.NullReference();
            SetClosedInstance(firstParameter, Bulkhead.Runtime.InterfaceDispatch.ResolveForDelegate(firstParameter, dispatchCell));
        }

        private void InitializeClosedInstanceToInterface(object firstParameter, IntPtr dispatchCell)
        {
            if (firstParameter == null) RuntimeFailure.NullReference();
            _methodPtr = Bulkhead.Runtime.InterfaceDispatch.ResolveForDelegate(firstParameter, dispatchCell);
            _target = firstParameter;
        }

        private void InitializeClosedInstanceWithoutNullCheck(object firstParameter, IntPtr functionPointer)
            => SetClosedInstance(firstParameter, functionPointer);

        private void InitializeClosedStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _extraFunctionPointerOrData = functionPointer;
            _helperObject = firstParameter;
            _methodPtr = functionPointerThunk;
            _target = this;
        }

        private void InitializeOpenStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _target = this;
            _methodPtr = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        // Open instance delegates (Delegate.CreateDelegate) need reflection: not in this profile.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private IntPtr GetActualTargetFunctionPointer(object thisObject)
        {
            RuntimeFailure.Unsupported("open instance delegate");
            return IntPtr.Zero;
        }

        private bool IsMulticast => _helperObject is Wrapper[];

        /// <summary>The object the (last) method is invoked on, or null for a static method.</summary>
        public object? Target
        {
            get
            {
                if (_helperObject is Wrapper[] list) return list[(int)_extraFunctionPointerOrData - 1].Value.Target;
                if (_methodPtr == GetThunk(ClosedStaticThunk) || _methodPtr == GetThunk(ClosedInstanceThunkOverGenericMethod))
                    return _helperObject;
                return ReferenceEquals(_target, this) ? null : _target;
            }
        }

        // Two single-cast delegates are equal when they call the same method on the same target.
        private bool SameSingle(Delegate other)
        {
            if (_methodPtr != other._methodPtr || _extraFunctionPointerOrData != other._extraFunctionPointerOrData) return false;
            if (!ReferenceEquals(_helperObject, other._helperObject)) return false;
            // Thunk-based delegates point _target at themselves: equal if both do.
            bool selfA = ReferenceEquals(_target, this), selfB = ReferenceEquals(other._target, other);
            return selfA && selfB || !selfA && !selfB && ReferenceEquals(_target, other._target);
        }

        public override bool Equals(object? obj)
        {
            if (obj == null || ReferenceEquals(this, obj)) return obj != null;
            if (RuntimeHelpers.MethodTableOf(obj) != RuntimeHelpers.MethodTableOf(this)) return false;
            Delegate other = Unsafe.As<Delegate>(obj);
            int count = InvocationCount, otherCount = other.InvocationCount;
            if (count != otherCount) return false;
            for (int i = 0; i < count; i++)
                if (!At(i).SameSingle(other.At(i))) return false;
            return true;
        }

        public override int GetHashCode() => (int)(nint)_methodPtr;

        public static bool operator ==(Delegate? d1, Delegate? d2) => d1 is null ? d2 is null : d1.Equals(d2);
        public static bool operator !=(Delegate? d1, Delegate? d2) => !(d1 == d2);

        private int InvocationCount => _helperObject is Wrapper[] ? (int)_extraFunctionPointerOrData : 1;
        private Delegate At(int i) => _helperObject is Wrapper[] list ? list[i].Value : this;

        public Delegate[] GetInvocationList()
        {
            int count = InvocationCount;
            var result = new Delegate[count];
            for (int i = 0; i < count; i++) result[i] = At(i);
            return result;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhpNewFast")]
        private static extern unsafe object NewObject(MethodTable* type);

        // A new multicast delegate of this delegate's type over list[0..count).
        private unsafe Delegate NewMulticast(Wrapper[] list, int count)
        {
            Delegate result = Unsafe.As<Delegate>(NewObject(RuntimeHelpers.MethodTableOf(this)));
            result._helperObject = list;
            result._extraFunctionPointerOrData = count;
            result._target = result;
            result._methodPtr = GetThunk(MulticastThunk);
            return result;
        }

        public static Delegate? Combine(Delegate? a, Delegate? b)
        {
            if (a is null) return b;
            if (b is null) return a;
            unsafe
            {
                if (RuntimeHelpers.MethodTableOf(a) != RuntimeHelpers.MethodTableOf(b)) RuntimeFailure.InvalidCast();
            }
            int countA = a.InvocationCount, countB = b.InvocationCount;
            var list = new Wrapper[countA + countB];
            for (int i = 0; i < countA; i++) list[i] = new Wrapper(a.At(i));
            for (int i = 0; i < countB; i++) list[countA + i] = new Wrapper(b.At(i));
            return a.NewMulticast(list, countA + countB);
        }

        public static Delegate? Combine(params Delegate?[]? delegates)
        {
            if (delegates == null) return null;
            Delegate? result = null;
            for (int i = 0; i < delegates.Length; i++) result = Combine(result, delegates[i]);
            return result;
        }

        /// <summary>Removes the last occurrence of <paramref name="value"/>'s invocation list from <paramref name="source"/>'s.</summary>
        public static Delegate? Remove(Delegate? source, Delegate? value)
        {
            if (source is null) return null;
            if (value is null) return source;
            unsafe
            {
                if (RuntimeHelpers.MethodTableOf(source) != RuntimeHelpers.MethodTableOf(value)) return source;
            }
            int n = source.InvocationCount, m = value.InvocationCount;
            for (int start = n - m; start >= 0; start--)
            {
                bool match = true;
                for (int j = 0; j < m && match; j++) match = source.At(start + j).SameSingle(value.At(j));
                if (!match) continue;
                int left = n - m;
                if (left == 0) return null;
                if (left == 1) return source.At(start == 0 ? m : 0);
                var list = new Wrapper[left];
                int k = 0;
                for (int i = 0; i < n; i++)
                    if (i < start || i >= start + m) list[k++] = new Wrapper(source.At(i));
                return source.NewMulticast(list, left);
            }
            return source;
        }

        public static Delegate? RemoveAll(Delegate? source, Delegate? value)
        {
            Delegate? last;
            do { last = source; source = Remove(source, value); } while (!ReferenceEquals(last, source));
            return source;
        }
    }

    public abstract partial class MulticastDelegate
    {
        public override bool Equals(object? obj) => base.Equals(obj);
        public override int GetHashCode() => base.GetHashCode();
    }
}
