# Reference values for PartialCorrelationTests: residuals of x and y on [1, z], their Pearson r,
# t with n - 3 degrees of freedom, Fisher z with 1/sqrt(n - 4) (as pingouin.partial_corr). python3 this.py
import numpy as np
from scipy import stats
def partial(x,y,z,level):
    A=np.column_stack([np.ones_like(z),z])
    rx=x-A@np.linalg.lstsq(A,x,rcond=None)[0]
    ry=y-A@np.linalg.lstsq(A,y,rcond=None)[0]
    r=np.corrcoef(rx,ry)[0,1]; n=len(x); df=n-3
    t=r*np.sqrt(df/(1-r*r)); p=2*stats.t.sf(abs(t),df)
    h=stats.norm.ppf((1+level)/2)/np.sqrt(n-4)
    return r,p,np.tanh(np.arctanh(r)-h),np.tanh(np.arctanh(r)+h)
x=np.array([2.0,4.1,6.3,7.9,10.2,11.8,14.5,15.9])
z=np.array([1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0])
y=np.array([3.1,2.9,6.8,7.2,9.9,13.1,13.0,17.2])
for lv in (0.95,0.9):
    print(repr(partial(x,y,z,lv)))
